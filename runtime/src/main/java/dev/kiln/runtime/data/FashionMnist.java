package dev.kiln.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Fashion-MNIST folder layout: four IDX files, each plain or with {@code .gz} (Debian's
 * {@code dataset-fashion-mnist} ships them gzipped), and the two data sets read from them.
 * {@link DataLocator} finds such a folder.
 */
public final class FashionMnist {
    /** The four files' names without {@code .gz}: train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    /** The class names, by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** The 60,000 training images of the folder {@code dir}. */
    public static Dataset train(Path dir) throws IOException {
        return IdxReader.read(file(dir, FILES.get(0)), file(dir, FILES.get(1)), "fashion-mnist-train");
    }

    /** The 10,000 test images of the folder {@code dir}. */
    public static Dataset test(Path dir) throws IOException {
        return IdxReader.read(file(dir, FILES.get(2)), file(dir, FILES.get(3)), "fashion-mnist-test");
    }

    /** The names in {@link #FILES} that {@code dir} has neither plain nor gzipped; empty when it is complete. */
    public static List<String> missing(Path dir) {
        List<String> out = new ArrayList<>();
        for (String base : FILES) {
            if (find(dir, base) == null) {
                out.add(base);
            }
        }
        return out;
    }

    /** {@code dir/base} or {@code dir/base.gz}, whichever is a non-empty regular file (plain first). */
    static Path file(Path dir, String base) throws DataNotFoundException {
        Path found = find(dir, base);
        if (found == null) {
            throw new DataNotFoundException(dir + ": no " + base + " or " + base + ".gz; a Fashion-MNIST folder holds "
                    + String.join(", ", FILES) + " (each plain or .gz)");
        }
        return found;
    }

    private static Path find(Path dir, String base) {
        for (Path p : List.of(dir.resolve(base), dir.resolve(base + ".gz"))) {
            try {
                if (Files.isRegularFile(p) && Files.size(p) > 0) {
                    return p;
                }
            } catch (IOException e) {
                // unreadable counts as absent; reading it later says why
            }
        }
        return null;
    }
}
