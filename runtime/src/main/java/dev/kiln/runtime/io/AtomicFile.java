package dev.kiln.runtime.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once or not at all. The content goes to a temporary file in the same
 * directory ({@code .name.<random>.tmp}), which is flushed and forced to the device, then
 * renamed over the target with an atomic move; the directory is then forced too, where the
 * platform allows. If anything fails before the move (an exception from the writer, a full
 * disk), the temporary file is deleted and the previous file, if any, is left as it was.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Writes the content into the stream it is given; it may close the stream, which only flushes. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with what {@code content} writes, or leaves it as it was. */
    public static void write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Path temp = create(dir, file.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        forceDirectory(dir);
    }

    /** A new empty file {@code .name.<random>.tmp} in {@code dir}, with the directory's default permissions. */
    /** Replaces {@code target} with {@code text} in UTF-8, or leaves it as it was. */
    public static void writeString(Path target, CharSequence text) throws IOException {
        write(target, out -> out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static Path create(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String tag = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            try {
                return Files.createFile(dir.resolve("." + name + "." + tag + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which then goes unforced. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the file is in place; only its durability across a power cut is weaker
        }
    }
}
