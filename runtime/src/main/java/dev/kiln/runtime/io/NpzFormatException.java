package dev.kiln.runtime.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code .npz} file that is not what Kiln reads: not a zip archive, a truncated one, or an
 * entry whose {@code .npy} header or data is malformed, unsupported or inconsistent. The message
 * names the file, the entry and what was expected against what was found:
 * {@code ckpt.npz: entry stem.weight: shape [16,3,3,3] of <f4 needs 1728 bytes of data, but the entry holds 1000}.
 */
public final class NpzFormatException extends IOException {
    private final Path file;
    private final String entry;

    NpzFormatException(Path file, String entry, String detail, Throwable cause) {
        super(file + ": " + (entry.isEmpty() ? "" : "entry " + entry + ": ") + detail, cause);
        this.file = file;
        this.entry = entry;
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The array (entry name without {@code .npy}) at fault, if the fault is in one. */
    public Optional<String> entry() {
        return entry.isEmpty() ? Optional.empty() : Optional.of(entry);
    }
}
