package dev.kiln.runtime.kernels.conv;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A channels-last float32 convolution's weight gradient, and for a strided one its input
 * gradient, by oneDNN's own primitives over the tensors where they lie ([N,H,W,C], no copies
 * into a blocked layout). The weights stay [F,C,k,k]; oneDNN works on its preferred weight
 * layout, and the few kilobytes go through a reorder each call. Set up for one set of shapes
 * (one batch size) at a time; another frees the native objects and rebuilds them.
 */
final class ChannelsLastDnnlBackward {
    private final int stride;
    private final int padding;
    private final dnnl_stream stream = Dnnl.stream();
    private long[] shapes;
    private Dnnl.Call weightGradient;
    /** The weight gradient from oneDNN's layout into Kiln's. */
    private DnnlWeights weightGradientOut;
    private Dnnl.Call dataGradient;
    /** The weights from Kiln's layout into the one the input gradient's primitive chose. */
    private DnnlWeights weightsIn;

    ChannelsLastDnnlBackward(int stride, int padding) {
        this.stride = stride;
        this.padding = padding;
    }

    /** dw (overwritten, [F,C,k,k]) from x [N,H,W,C] and dy [N,H',W',F]. */
    void weightGradient(INDArray x, INDArray dy, INDArray dw) {
        fit(x, dw, dy);
        weightGradient.bind(0, x).bind(1, dy).bind(2, weightGradientOut.target(dw)).run(stream);
        weightGradientOut.out(dw, stream);
    }

    /** dx (overwritten, x's shape) from w and dy: the input gradient. */
    void dataGradient(INDArray x, INDArray w, INDArray dy, INDArray dx) {
        fit(x, w, dy);
        dataGradient.bind(0, dy).bind(1, weightsIn.in(w, stream)).bind(2, dx).run(stream);
    }

    private void fit(INDArray x, INDArray w, INDArray dy) {
        if (DnnlConvShapes.matches(shapes, x, w, dy)) {
            return;
        }
        long[] now = DnnlConvShapes.key(x, w, dy);
        Dnnl.close(weightGradient, dataGradient);
        DnnlWeights.close(weightGradientOut, weightsIn);
        DnnlConvShapes s = new DnnlConvShapes(now, stride, padding);
        dnnl_convolution_desc_t forward = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_forward_desc_init(forward, dnnl_forward_training, dnnl_convolution_direct,
                s.src, s.anyWeights, null, s.dst, s.strides, s.padding, s.padding), "the forward hint's description");
        dnnl_primitive_desc hint = DnnlConvShapes.create(forward, null, "the forward hint");

        dnnl_convolution_desc_t weights = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_backward_weights_desc_init(weights, dnnl_convolution_direct,
                s.src, s.anyWeights, null, s.dst, s.strides, s.padding, s.padding), "the weight gradient's description");
        dnnl_primitive_desc wpd = DnnlConvShapes.create(weights, hint, "the weight gradient's descriptor");
        dnnl_memory_desc_t dwLayout = dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 0);
        weightGradient = new Dnnl.Call(Dnnl.primitive(wpd, "the weight gradient"), "the weight gradient",
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS},
                Dnnl.memory(s.src), Dnnl.memory(s.dst), Dnnl.memory(dwLayout));
        weightGradientOut = DnnlWeights.outOf(dwLayout, s.userWeights);

        dnnl_convolution_desc_t data = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_backward_data_desc_init(data, dnnl_convolution_direct,
                s.src, s.anyWeights, s.dst, s.strides, s.padding, s.padding), "the input gradient's description");
        dnnl_primitive_desc dpd = DnnlConvShapes.create(data, hint, "the input gradient's descriptor");
        dnnl_memory_desc_t wLayout = dnnl_primitive_desc_query_md(dpd, dnnl_query_weights_md, 0);
        dataGradient = new Dnnl.Call(Dnnl.primitive(dpd, "the input gradient"), "the input gradient",
                new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                Dnnl.memory(s.dst), Dnnl.memory(wLayout), Dnnl.memory(s.src));
        weightsIn = DnnlWeights.into(s.userWeights, wLayout);
        Dnnl.free(wpd, dpd, hint);
        shapes = now;
    }
}
