package dev.kiln.runtime.kernels;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import java.util.Arrays;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A channels-last float32 convolution without bias by oneDNN's own forward primitive, over x and
 * y where they lie ([N,H,W,C]). The weights stay [F,C,k,k] and go through a reorder into
 * oneDNN's layout each call (a few kilobytes, without ND4J's per-call set-up around it). Set up
 * for one set of shapes at a time; another frees the native objects and rebuilds them.
 */
final class DnnlConvForward {
    private final int stride;
    private final int padding;
    private final dnnl_stream stream = Dnnl.stream();
    private long[] shapes;
    private Dnnl.Call forward;
    private Dnnl.Call weightsIn;
    private INDArray weightsScratch;

    DnnlConvForward(int stride, int padding) {
        this.stride = stride;
        this.padding = padding;
    }

    /** y (overwritten, [N,H',W',F]) = conv(x [N,H,W,C], w [F,C,k,k]). */
    void compute(INDArray x, INDArray w, INDArray y) {
        fit(x, w, y);
        INDArray weights = w;
        if (weightsIn != null) {
            weightsIn.bind(0, w).bind(1, weightsScratch).run(stream);
            weights = weightsScratch;
        }
        forward.bind(0, x).bind(1, weights).bind(2, y).run(stream);
    }

    private void fit(INDArray x, INDArray w, INDArray y) {
        long[] now = {x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), w.size(2), y.size(1), y.size(2)};
        if (Arrays.equals(now, shapes)) {
            return;
        }
        Dnnl.close(forward, weightsIn);
        long n = now[0], h = now[1], wd = now[2], c = now[3], f = now[4], k = now[5];
        dnnl_memory_desc_t src = Dnnl.desc(new long[] {n, c, h, wd}, dnnl_nhwc);
        dnnl_memory_desc_t dst = Dnnl.desc(new long[] {n, f, now[6], now[7]}, dnnl_nhwc);
        long[] dims = {f, c, k, k};
        dnnl_memory_desc_t userWeights = Dnnl.desc(dims, dnnl_oihw);
        dnnl_memory_desc_t anyWeights = Dnnl.desc(dims, dnnl_format_tag_any);
        long[] strides = {stride, stride};
        long[] pad = {padding, padding};
        dnnl_convolution_desc_t description = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_forward_desc_init(description, dnnl_forward_inference, dnnl_convolution_direct,
                src, anyWeights, null, dst, strides, pad, pad), "the forward convolution's description");
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        Dnnl.ok(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(description), null, Dnnl.engine(), null),
                "the forward convolution's descriptor");
        dnnl_memory_desc_t weights = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
        forward = new Dnnl.Call(Dnnl.primitive(pd, "the forward convolution"), "the forward convolution",
                new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, Dnnl.memory(src), Dnnl.memory(weights), Dnnl.memory(dst));
        weightsIn = null;
        if (dnnl_memory_desc_equal(weights, userWeights) == 0) {
            weightsScratch = Dnnl.scratch(weights);
            weightsIn = Dnnl.reorder(userWeights, weights, "the weights' reorder");
        }
        Dnnl.free(pd);
        shapes = now;
    }
}
