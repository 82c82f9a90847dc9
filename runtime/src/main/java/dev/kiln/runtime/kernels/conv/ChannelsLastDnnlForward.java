package dev.kiln.runtime.kernels.conv;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import dev.kiln.runtime.kernels.onednn.Dnnl;
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
final class ChannelsLastDnnlForward {
    private final int stride;
    private final int padding;
    private final dnnl_stream stream = Dnnl.stream();
    private long[] shapes;
    private Dnnl.Call forward;
    private DnnlWeights weights;

    ChannelsLastDnnlForward(int stride, int padding) {
        this.stride = stride;
        this.padding = padding;
    }

    /** y (overwritten, [N,H',W',F]) = conv(x [N,H,W,C], w [F,C,k,k]). */
    void compute(INDArray x, INDArray w, INDArray y) {
        fit(x, w, y);
        forward.bind(0, x).bind(1, weights.in(w, stream)).bind(2, y).run(stream);
    }

    private void fit(INDArray x, INDArray w, INDArray y) {
        if (DnnlConvShapes.matches(shapes, x, w, y)) {
            return;
        }
        long[] now = DnnlConvShapes.key(x, w, y);
        Dnnl.close(forward);
        DnnlWeights.close(weights);
        DnnlConvShapes s = new DnnlConvShapes(now, stride, padding);
        dnnl_convolution_desc_t description = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_forward_desc_init(description, dnnl_forward_inference, dnnl_convolution_direct,
                s.src, s.anyWeights, null, s.dst, s.strides, s.padding, s.padding), "the forward convolution's description");
        dnnl_primitive_desc pd = DnnlConvShapes.create(description, null, "the forward convolution's descriptor");
        dnnl_memory_desc_t chosen = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
        forward = new Dnnl.Call(Dnnl.primitive(pd, "the forward convolution"), "the forward convolution",
                new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, Dnnl.memory(s.src), Dnnl.memory(chosen), Dnnl.memory(s.dst));
        weights = DnnlWeights.into(s.userWeights, chosen);
        Dnnl.free(pd);
        shapes = now;
    }
}
