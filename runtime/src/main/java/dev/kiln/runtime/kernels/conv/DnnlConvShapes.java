package dev.kiln.runtime.kernels.conv;

import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;

import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN descriptors of one channels-last convolution's shapes, for {@link ChannelsLastDnnlForward}
 * and {@link ChannelsLastDnnlBackward}: x and y as [N,H,W,C], the weights as Kiln's [F,C,k,k] and as
 * left to oneDNN's choice, and the stride and padding.
 */
final class DnnlConvShapes {
    final dnnl_memory_desc_t src;
    final dnnl_memory_desc_t dst;
    final dnnl_memory_desc_t userWeights;
    final dnnl_memory_desc_t anyWeights;
    final long[] strides;
    final long[] padding;

    /** What identifies the shapes: x's four sizes, F, k, and y's height and width. */
    static long[] key(INDArray x, INDArray w, INDArray y) {
        return new long[] {x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), w.size(2), y.size(1), y.size(2)};
    }

    /** Whether {@code key} (null: nothing set up yet) is the key of these arrays, without making one. */
    static boolean matches(long[] key, INDArray x, INDArray w, INDArray y) {
        return key != null && key[0] == x.size(0) && key[1] == x.size(1) && key[2] == x.size(2) && key[3] == x.size(3)
                && key[4] == w.size(0) && key[5] == w.size(2) && key[6] == y.size(1) && key[7] == y.size(2);
    }

    DnnlConvShapes(long[] key, int stride, int padding) {
        long n = key[0], h = key[1], w = key[2], c = key[3], f = key[4], k = key[5];
        this.src = Dnnl.desc(new long[] {n, c, h, w}, dnnl_nhwc);
        this.dst = Dnnl.desc(new long[] {n, f, key[6], key[7]}, dnnl_nhwc);
        this.userWeights = Dnnl.desc(new long[] {f, c, k, k}, dnnl_oihw);
        this.anyWeights = Dnnl.desc(new long[] {f, c, k, k}, dnnl_format_tag_any);
        this.strides = new long[] {stride, stride};
        this.padding = new long[] {padding, padding};
    }

    /** The primitive descriptor of an initialised {@code description}; {@code hint} (a forward's) may be null. */
    static dnnl_primitive_desc create(dnnl_convolution_desc_t description, dnnl_primitive_desc hint, String what) {
        return Dnnl.descriptor(description, null, hint, what);
    }
}
