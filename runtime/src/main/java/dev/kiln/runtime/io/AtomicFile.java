package dev.kiln.runtime.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once or not at all. The content goes to a temporary file in the same
 * directory ({@code .name.<pid>-<random>.tmp}), which is flushed and forced to the device, then
 * renamed over the target with an atomic move; the directory is then forced too, where the
 * platform allows. If anything fails before the move (an exception from the writer, a full
 * disk), the temporary file is deleted and the previous file, if any, is left as it was.
 *
 * <p>A process killed mid-write cannot delete its temporary file; the next write of the same
 * target deletes the temporary files of processes that no longer run.
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
        deleteOrphans(dir, file.getFileName().toString());
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

    /** Replaces {@code target} with {@code text} in UTF-8, or leaves it as it was. */
    public static void writeString(Path target, CharSequence text) throws IOException {
        write(target, out -> out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * The temporary files of {@code target} left by writers that are no longer running: names
     * {@code .target.<pid>-<random>.tmp} whose process does not exist.
     */
    public static List<Path> orphans(Path target) throws IOException {
        Path file = target.toAbsolutePath();
        String prefix = "." + file.getFileName() + ".";
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(), p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp") && n.length() > prefix.length() + ".tmp".length();
        })) {
            for (Path p : siblings) {
                String n = p.getFileName().toString();
                String middle = n.substring(prefix.length(), n.length() - ".tmp".length());
                int dash = middle.indexOf('-');
                if (dash > 0 && dash < 19 && middle.substring(0, dash).chars().allMatch(Character::isDigit)
                        && !alive(Long.parseLong(middle.substring(0, dash)))) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteOrphans(Path dir, String name) {
        try {
            for (Path p : orphans(dir.resolve(name))) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // only tidying: a leftover temporary file never replaces the target
        }
    }

    /** A new empty file {@code .name.<pid>-<random>.tmp} in {@code dir}, with the directory's default permissions. */
    private static Path create(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            String tag = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            try {
                return Files.createFile(dir.resolve("." + name + "." + pid + "-" + tag + ".tmp"));
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
