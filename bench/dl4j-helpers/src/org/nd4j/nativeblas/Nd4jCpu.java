package org.nd4j.nativeblas;

/**
 * A shim for DL4J 1.0.0-M2.1's oneDNN helper check, for the benchmark's "dl4j-helpers" process
 * only (never on Kiln's class path).
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} decides whether
 * DL4J's convolution, batch-norm, pooling and LRN layers hand their work to ND4J's oneDNN ops.
 * After checking that the backend is the CPU one and that helpers are allowed, it looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} by reflection. In
 * ND4J 1.0.0-M2.1 that class lives at {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}
 * and the method is called {@code isUseONEDNN}, so the lookup throws, the helper is dropped and
 * every layer falls back to DL4J's im2col code. This class answers the old lookup: oneDNN is on,
 * which it is in the {@code -onednn} classifier jars Kiln uses. Together with
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false} (DL4J's default is true) it gives
 * DL4J the helpers it was written to use.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    /** The one method pair DL4J calls. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return true;
        }
    }
}
