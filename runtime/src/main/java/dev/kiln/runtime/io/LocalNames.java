package dev.kiln.runtime.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A zip archive names each entry twice, in its local header and in the central directory, and
 * checksums neither: a flipped byte in a name reads as an array of another name. {@link Npz}
 * reads by the central directory and checks its names against the local headers' with this.
 */
final class LocalNames {
    private LocalNames() {}

    /** Throws unless the local headers of {@code file} name exactly the entries {@code zip}'s directory names, in order. */
    static void check(Path file, ZipFile zip, Where whole) throws IOException {
        List<String> central = zip.stream().map(ZipEntry::getName).toList();
        List<String> local = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e = in.getNextEntry(); e != null && local.size() <= central.size(); e = in.getNextEntry()) {
                local.add(e.getName());
            }
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            throw whole.error("corrupt zip data (" + e.getMessage() + ")", e);
        }
        for (int i = 0; i < Math.max(central.size(), local.size()); i++) {
            String c = i < central.size() ? central.get(i) : null;
            String l = i < local.size() ? local.get(i) : null;
            if (c == null || !c.equals(l)) {
                throw whole.error("the zip directory names entry " + (i + 1) + " " + quote(c) + ", but its local header names it "
                        + quote(l) + "; one of the two is corrupt");
            }
        }
    }

    private static String quote(String name) {
        return name == null ? "(nothing)" : "'" + name + "'";
    }
}
