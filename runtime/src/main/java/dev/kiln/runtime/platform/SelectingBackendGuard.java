package dev.kiln.runtime.platform;

import org.nd4j.common.io.ClassPathResource;
import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Registered with ND4J as a backend ({@code META-INF/services}) so that {@link NativeSelector}
 * runs in every process before ND4J loads native code: ND4J creates every registered backend,
 * then asks them, best priority first, whether they are available, and loads the first that is.
 * This one has the lowest priority and is never available; it exists for its constructor.
 *
 * <p>A forced build that this CPU cannot run would kill the JVM with SIGILL (and an
 * {@code hs_err} file) on ND4J's first native call. Here, before that call, there is no way to
 * refuse it that ND4J would not swallow, so the guard prints the reason and halts the process with
 * status {@value #EXIT_STATUS}: the same end, told clearly, with nothing written.
 */
public final class SelectingBackendGuard extends Nd4jBackend {
    /** sysexits.h's EX_CONFIG: a configuration error. */
    public static final int EXIT_STATUS = 78;

    public SelectingBackendGuard() {
        try {
            NativeSelector.ensure();
        } catch (UnsupportedNativeBuildException e) {
            System.err.println("kiln: " + e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public boolean canRun() {
        return false;
    }

    @Override
    public boolean allowsOrder() {
        return false;
    }

    @Override
    public int getPriority() {
        return -1_000_000; // below every real backend; ND4J sorts by subtraction, so not Integer.MIN_VALUE
    }

    @Override
    public Resource getConfigurationResource() {
        return new ClassPathResource("/nd4j-native.properties", SelectingBackendGuard.class.getClassLoader());
    }

    @Override
    public Class getNDArrayClass() {
        throw new UnsupportedOperationException("Kiln's native-build guard is not a backend");
    }

    @Override
    public Environment getEnvironment() {
        throw new UnsupportedOperationException("Kiln's native-build guard is not a backend");
    }

    @Override
    public String buildInfo() {
        return "Kiln's native-build guard: " + NativeSelector.report();
    }

    @Override
    public void logBackendInit() {}
}
