package dev.kiln.runtime.kernels.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code c = op(a) · op(b)} by ND4J's {@code matmul} (BLAS), op the transpose where asked, with
 * the op and its native context built once and kept while it is called with the same arrays
 * (as the convolutions' ND4J engines keep theirs): no per-call set-up and no array created.
 */
public final class PreparedMatmul {
    private final boolean transposeA;
    private final boolean transposeB;
    private INDArray a;
    private INDArray b;
    private INDArray c;
    private DynamicCustomOp op;
    private OpContext context;

    public PreparedMatmul(boolean transposeA, boolean transposeB) {
        this.transposeA = transposeA;
        this.transposeB = transposeB;
    }

    /** Overwrites c with op(a)·op(b); the shapes must agree (ND4J checks them). */
    public void run(INDArray a, INDArray b, INDArray c) {
        if (op == null || this.a != a || this.b != b || this.c != c) {
            op = DynamicCustomOp.builder("matmul").addInputs(a, b).addOutputs(c)
                    .addIntegerArguments(transposeA ? 1 : 0, transposeB ? 1 : 0, 0).build();
            context = OpContexts.replace(context, op);
            this.a = a;
            this.b = b;
            this.c = c;
        }
        Nd4j.getExecutioner().exec(op, context);
    }
}
