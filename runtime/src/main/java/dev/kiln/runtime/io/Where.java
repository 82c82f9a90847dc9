package dev.kiln.runtime.io;

import java.nio.file.Path;

/**
 * A place in a {@code .npz} file, for messages: the file and the entry being read ("" for the file itself).
 *
 * @param file  the file read
 * @param entry the array name, without {@code .npy}
 */
record Where(Path file, String entry) {
    NpzFormatException error(String detail) {
        return new NpzFormatException(file, entry, detail, null);
    }

    NpzFormatException error(String detail, Throwable cause) {
        return new NpzFormatException(file, entry, detail, cause);
    }
}
