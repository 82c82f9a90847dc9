package dev.kiln.bench;

/** What a measuring process times, as its parent asked: a system property of the child's JVM. */
final class Measure {
    /** When {@code true}, inference alone: no training steps and no convolutions-alone limit. */
    static final String INFERENCE_ONLY = "kiln.bench.inferenceOnly";

    private Measure() {}

    static boolean trainingToo() {
        return !Boolean.getBoolean(INFERENCE_ONLY);
    }
}
