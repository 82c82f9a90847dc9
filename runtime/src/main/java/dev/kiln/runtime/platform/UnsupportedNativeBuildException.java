package dev.kiln.runtime.platform;

/**
 * A native build was asked for that this CPU cannot run, that is not on the class path, or that
 * Kiln does not know. Thrown before any native code is loaded, so nothing is lost.
 */
public final class UnsupportedNativeBuildException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public UnsupportedNativeBuildException(String message) {
        super(message);
    }
}
