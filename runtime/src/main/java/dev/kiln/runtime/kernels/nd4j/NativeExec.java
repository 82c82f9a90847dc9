package dev.kiln.runtime.kernels.nd4j;

import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs a custom op in a context that already holds its arrays and arguments, straight through
 * libnd4j's {@code execCustomOp2}: ND4J's own {@code exec(op, context)} wraps that call in a
 * profiling hook and workspace checks that copy the context's array lists, some 150 bytes of
 * garbage a call; here there is none. What ND4J's path checks that this one does not — profiling
 * and workspaces — Kiln uses neither of; errors are reported the same way, from libnd4j's last
 * error.
 */
public final class NativeExec {
    private static final NativeOps OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();

    private NativeExec() {}

    /** Executes {@code op} in {@code context}; a failure throws with libnd4j's message. */
    public static void run(DynamicCustomOp op, OpContext context) {
        int status = OPS.execCustomOp2(null, op.opHash(), context.contextPointer());
        if (OPS.lastErrorCode() != 0) {
            throw new IllegalStateException("ND4J op " + op.opName() + " failed: " + OPS.lastErrorMessage());
        }
        if (status != 0) {
            throw new IllegalStateException("ND4J op " + op.opName() + " failed with status " + status);
        }
    }
}
