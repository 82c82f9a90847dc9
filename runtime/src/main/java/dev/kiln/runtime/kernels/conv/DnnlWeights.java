package dev.kiln.runtime.kernels.conv;

import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;

import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kiln's [F,C,k,k] weights (or their gradient) and the layout a oneDNN primitive chose for them:
 * a reorder and a scratch array in that layout, or nothing at all when the two layouts agree.
 */
final class DnnlWeights {
    private final Dnnl.Call reorder;
    private final INDArray scratch;

    private DnnlWeights(dnnl_memory_desc_t from, dnnl_memory_desc_t to, dnnl_memory_desc_t chosen, String what) {
        boolean same = dnnl_memory_desc_equal(from, to) != 0;
        this.reorder = same ? null : Dnnl.reorder(from, to, what);
        this.scratch = same ? null : Dnnl.scratch(chosen);
    }

    /** Weights going in: Kiln's layout to the primitive's {@code chosen} one. */
    static DnnlWeights into(dnnl_memory_desc_t user, dnnl_memory_desc_t chosen) {
        return new DnnlWeights(user, chosen, chosen, "the weights' reorder");
    }

    /** A weight gradient coming out: the primitive's {@code chosen} layout to Kiln's. */
    static DnnlWeights outOf(dnnl_memory_desc_t chosen, dnnl_memory_desc_t user) {
        return new DnnlWeights(chosen, user, chosen, "the weight gradient's reorder");
    }

    /** The array to give the primitive for weights {@code w}: w itself, or its reordered copy. */
    INDArray in(INDArray w, dnnl_stream stream) {
        if (reorder == null) {
            return w;
        }
        reorder.bind(0, w).bind(1, scratch).run(stream);
        return scratch;
    }

    /** The array the primitive writes dw's values into: dw itself, or the scratch {@link #out} reorders. */
    INDArray target(INDArray dw) {
        return reorder == null ? dw : scratch;
    }

    /** Completes a gradient written into {@link #target}: reorders it into dw when it went to the scratch. */
    void out(INDArray dw, dnnl_stream stream) {
        if (reorder != null) {
            reorder.bind(0, scratch).bind(1, dw).run(stream);
        }
    }

    /** Frees the reorder's native objects. */
    static void close(DnnlWeights... all) {
        for (DnnlWeights w : all) {
            if (w != null && w.reorder != null) {
                w.reorder.close();
            }
        }
    }
}
