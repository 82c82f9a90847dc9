package dev.kiln.runtime.kernels;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import java.util.Arrays;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
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
final class DnnlConvBackward {
    private final int stride;
    private final int padding;
    private final dnnl_stream stream = Dnnl.stream();
    private long[] shapes;
    private Dnnl.Call weightGradient;
    /** oneDNN's weight gradient in its layout, then reordered into dw; null when that layout is dw's. */
    private Dnnl.Call weightGradientOut;
    private INDArray weightGradientScratch;
    private Dnnl.Call weightsIn;
    private INDArray weightsScratch;
    private Dnnl.Call dataGradient;

    DnnlConvBackward(int stride, int padding) {
        this.stride = stride;
        this.padding = padding;
    }

    /** Whether oneDNN loaded and every array is dense float32 (the shapes are the caller's checks). */
    static boolean applies(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !FloatLoops.applies(a)) {
                return false;
            }
        }
        return Dnnl.available();
    }

    /** dw (overwritten, [F,C,k,k]) from x [N,H,W,C] and dy [N,H',W',F]. */
    void weightGradient(INDArray x, INDArray dy, INDArray dw) {
        fit(x, dw, dy);
        weightGradient.bind(0, x).bind(1, dy);
        if (weightGradientOut == null) {
            weightGradient.bind(2, dw).run(stream);
        } else {
            weightGradient.bind(2, weightGradientScratch).run(stream);
            weightGradientOut.bind(0, weightGradientScratch).bind(1, dw).run(stream);
        }
    }

    /** dx (overwritten, x's shape) from w and dy: the input gradient. */
    void dataGradient(INDArray x, INDArray w, INDArray dy, INDArray dx) {
        fit(x, w, dy);
        INDArray weights = w;
        if (weightsIn != null) {
            weightsIn.bind(0, w).bind(1, weightsScratch).run(stream);
            weights = weightsScratch;
        }
        dataGradient.bind(0, dy).bind(1, weights).bind(2, dx).run(stream);
    }

    private void fit(INDArray x, INDArray w, INDArray dy) {
        long[] now = {x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), w.size(2), dy.size(1), dy.size(2)};
        if (Arrays.equals(now, shapes)) {
            return;
        }
        Dnnl.close(weightGradient, weightGradientOut, weightsIn, dataGradient);
        long n = now[0], h = now[1], wd = now[2], c = now[3], f = now[4], k = now[5];
        dnnl_memory_desc_t src = Dnnl.desc(new long[] {n, c, h, wd}, dnnl_nhwc);
        dnnl_memory_desc_t dst = Dnnl.desc(new long[] {n, f, now[6], now[7]}, dnnl_nhwc);
        long[] dims = {f, c, k, k};
        dnnl_memory_desc_t userWeights = Dnnl.desc(dims, dnnl_oihw);
        dnnl_memory_desc_t anyWeights = Dnnl.desc(dims, dnnl_format_tag_any);
        long[] strides = {stride, stride};
        long[] pad = {padding, padding};
        dnnl_convolution_desc_t forward = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_forward_desc_init(forward, dnnl_forward_training, dnnl_convolution_direct,
                src, anyWeights, null, dst, strides, pad, pad), "the forward hint's description");
        dnnl_primitive_desc hint = new dnnl_primitive_desc();
        Dnnl.ok(dnnl_primitive_desc_create(hint, new const_dnnl_op_desc_t(forward), null, Dnnl.engine(), null), "the forward hint");

        dnnl_convolution_desc_t weightsBackward = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_backward_weights_desc_init(weightsBackward, dnnl_convolution_direct,
                src, anyWeights, null, dst, strides, pad, pad), "the weight gradient's description");
        dnnl_primitive_desc wpd = new dnnl_primitive_desc();
        Dnnl.ok(dnnl_primitive_desc_create(wpd, new const_dnnl_op_desc_t(weightsBackward), null, Dnnl.engine(), hint),
                "the weight gradient's descriptor");
        dnnl_memory_desc_t chosen = dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 0);
        weightGradient = new Dnnl.Call(Dnnl.primitive(wpd, "the weight gradient"), "the weight gradient",
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS},
                Dnnl.memory(src), Dnnl.memory(dst), Dnnl.memory(chosen));
        weightGradientOut = null;
        if (dnnl_memory_desc_equal(chosen, userWeights) == 0) {
            weightGradientScratch = Dnnl.scratch(chosen);
            weightGradientOut = Dnnl.reorder(chosen, userWeights, "the weight gradient's reorder");
        }

        Dnnl.free(wpd);

        dnnl_convolution_desc_t dataBackward = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_backward_data_desc_init(dataBackward, dnnl_convolution_direct,
                src, anyWeights, dst, strides, pad, pad), "the input gradient's description");
        dnnl_primitive_desc dpd = new dnnl_primitive_desc();
        Dnnl.ok(dnnl_primitive_desc_create(dpd, new const_dnnl_op_desc_t(dataBackward), null, Dnnl.engine(), hint),
                "the input gradient's descriptor");
        dnnl_memory_desc_t weights = dnnl_primitive_desc_query_md(dpd, dnnl_query_weights_md, 0);
        dataGradient = new Dnnl.Call(Dnnl.primitive(dpd, "the input gradient"), "the input gradient",
                new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                Dnnl.memory(dst), Dnnl.memory(weights), Dnnl.memory(src));
        weightsIn = null;
        if (dnnl_memory_desc_equal(weights, userWeights) == 0) {
            weightsScratch = Dnnl.scratch(weights);
            weightsIn = Dnnl.reorder(userWeights, weights, "the weights' reorder");
        }
        Dnnl.free(dpd, hint);
        shapes = now;
    }
}
