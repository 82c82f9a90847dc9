package dev.kiln.runtime.kernels.nd4j;

import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native op contexts kept next to the ops that use them (the convolutions' ND4J engines,
 * {@link PreparedMatmul}): an op run in a context built once skips 15–40 µs of set-up a call
 * (the bench module's micro.ConvContext).
 */
public final class OpContexts {
    private OpContexts() {}

    /** A new context holding {@code op}'s arrays and integer arguments; {@code old}, when not null, is closed. */
    public static OpContext replace(OpContext old, DynamicCustomOp op) {
        if (old != null) {
            try {
                old.close();
            } catch (Exception e) {
                throw new IllegalStateException("Kiln kernels: could not release an ND4J op context", e);
            }
        }
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(op.inputArguments());
        c.setOutputArrays(op.outputArguments());
        c.setIArguments(op.iArgs());
        return c;
    }
}
