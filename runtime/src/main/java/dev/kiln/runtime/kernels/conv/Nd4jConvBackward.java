package dev.kiln.runtime.kernels.conv;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution's backward by ND4J's {@code conv2d_bp} op, NCHW or channels last, any data type,
 * bias and dilation; op and native context kept as {@link Nd4jConvForward} keeps its own.
 * {@code dw} and {@code db} are overwritten; {@code dx} is overwritten or, with {@code accumulate},
 * added to through a scratch array owned here, which also takes the input gradient nobody wants.
 */
final class Nd4jConvBackward {
    private final int dilation;
    private final int[] args;
    private DynamicCustomOp op;
    private OpContext context;
    private INDArray x, w, dy, dx, dw, db;
    /** The input gradient when it is added to dx or not wanted at all. */
    private INDArray dxScratch;
    /** conv2d_bp produces a bias gradient only when given a bias; its values are not read. */
    private INDArray biasScratch;

    Nd4jConvBackward(ConvGeometry geometry) {
        this.dilation = geometry.dilation();
        this.args = geometry.nd4jArguments();
    }

    /** dw and db (null: no bias) overwritten, dx overwritten, added to with {@code accumulate}, or null when not wanted. */
    void run(INDArray x, INDArray w, INDArray dy, INDArray dx, boolean accumulate, INDArray dw, INDArray db) {
        INDArray gradIn = dx == null || accumulate ? dxScratch(x) : dx;
        INDArray bias = null;
        if (db != null) {
            if (biasScratch == null || biasScratch.dataType() != w.dataType() || biasScratch.length() != w.size(0)) {
                biasScratch = Nd4j.create(w.dataType(), w.size(0));
            }
            bias = biasScratch;
        }
        if (op == null || this.x != x || this.w != w || this.dy != dy || this.dx != gradIn || this.dw != dw || this.db != db) {
            op = DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(bias == null ? new INDArray[] {x, w, dy} : new INDArray[] {x, w, bias, dy})
                    .addOutputs(db == null ? new INDArray[] {gradIn, dw} : new INDArray[] {gradIn, dw, db})
                    .addIntegerArguments(args).build();
            context = Nd4jConvExec.context(op, context, dilation);
            this.x = x;
            this.w = w;
            this.dy = dy;
            this.dx = gradIn;
            this.dw = dw;
            this.db = db;
        }
        Nd4jConvExec.exec(op, context, dilation);
        if (dx != null && accumulate) {
            dx.addi(gradIn);
        }
    }

    private INDArray dxScratch(INDArray x) {
        if (dxScratch == null || dxScratch.dataType() != x.dataType() || !Arrays.equals(dxScratch.shape(), x.shape())) {
            dxScratch = Nd4j.create(x.dataType(), x.shape());
        }
        return dxScratch;
    }
}
