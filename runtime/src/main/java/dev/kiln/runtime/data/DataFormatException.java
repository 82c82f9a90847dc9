package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that is not what its reader expects: a wrong magic number, a truncated or corrupt
 * file, counts that disagree, a label outside the class range, or a header claiming sizes no file
 * could hold. The message names the file, what was expected and what came.
 *
 * <p>Not to be confused with {@code java.util.zip.DataFormatException}, which this package never
 * lets escape: corrupt gzip data is reported as this exception too.
 */
public final class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code file + ": " + problem}. */
    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** {@code file + ": " + problem}, keeping the low-level cause (a {@code ZipException}, say). */
    public DataFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
