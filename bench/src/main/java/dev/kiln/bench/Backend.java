package dev.kiln.bench;

import dev.kiln.runtime.platform.NativeSelector;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** One line about the ND4J backend a measurement ran on, for the result's note. */
final class Backend {
    private Backend() {}

    static String describe() {
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        return p.getProperty("backend", "?") + " " + NativeSelector.ensure().classifier() + ", "
                + String.valueOf(p.getOrDefault("omp.threads", "?")) + " OpenMP threads";
    }
}
