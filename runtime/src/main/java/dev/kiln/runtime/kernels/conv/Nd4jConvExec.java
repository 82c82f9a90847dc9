package dev.kiln.runtime.kernels.conv;

import dev.kiln.runtime.kernels.nd4j.NativeExec;
import dev.kiln.runtime.kernels.nd4j.OpContexts;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How ND4J's convolution ops are run: a dilated one without ND4J's oneDNN helper, which in
 * 1.0.0-M2.1 rejects every dilation above 1 ("could not create a descriptor for a dilated
 * convolution"). The switch is process-wide, so a dilated call takes {@link #HELPERS}
 * exclusively and restores it at once; every other convolution shares the lock, so none runs
 * with the helpers switched off.
 */
final class Nd4jConvExec {
    /**
     * Held while a convolution runs on any thread: shared by undilated ones, exclusively by a
     * dilated one while it has ND4J's helpers switched off.
     */
    private static final ReentrantReadWriteLock HELPERS = new ReentrantReadWriteLock();

    private Nd4jConvExec() {}

    /** Runs {@code op} in {@code context}, a convolution of {@code dilation}. */
    static void exec(DynamicCustomOp op, OpContext context, int dilation) {
        if (dilation == 1) {
            HELPERS.readLock().lock();
            try {
                NativeExec.run(op, context);
            } finally {
                HELPERS.readLock().unlock();
            }
            return;
        }
        HELPERS.writeLock().lock();
        try {
            Environment environment = Nd4j.getEnvironment();
            boolean helpers = environment.helpersAllowed();
            environment.allowHelpers(false);
            try {
                NativeExec.run(op, context);
            } finally {
                environment.allowHelpers(helpers);
            }
        } finally {
            HELPERS.writeLock().unlock();
        }
    }

    /** A native context holding {@code op}'s arrays and arguments, closing {@code old}. */
    static OpContext context(DynamicCustomOp op, OpContext old, int dilation) {
        OpContext c = OpContexts.replace(old, op);
        if (dilation != 1) {
            c.allowHelpers(false); // oneDNN rejects dilated convolutions in ND4J 1.0.0-M2.1 (see exec)
        }
        return c;
    }
}
