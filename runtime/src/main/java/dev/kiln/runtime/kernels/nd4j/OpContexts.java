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

    /** A new context holding {@code op}'s arrays and integer and floating-point arguments; {@code old}, when not null, is closed; with no op, only that. */
    public static OpContext replace(OpContext old, DynamicCustomOp op) {
        if (old != null) {
            try {
                old.close();
            } catch (Exception e) {
                throw new IllegalStateException("Kiln kernels: could not release an ND4J op context", e);
            }
        }
        if (op == null) {
            return null;
        }
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(op.inputArguments());
        c.setOutputArrays(op.outputArguments());
        c.setIArguments(op.iArgs());
        if (op.numTArguments() > 0) {
            c.setTArguments(op.tArgs());
        }
        return c;
    }
}
