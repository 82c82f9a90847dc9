package dev.kiln.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.processor.plan.Kernel;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's {@code kernels} package holds exactly the classes generated code can call: the
 * plan's {@link Kernel}s and the two that {@code emit} names itself (the channels-last copy-in
 * and the loss). Engines and glue live in its subpackages.
 */
class KernelCatalogTest {
    @Test
    void theKernelsPackageHoldsOnlyWhatGeneratedCodeCalls() throws Exception {
        Set<String> callable = new TreeSet<>(Set.of(Types.CHANNELS_LAST.simpleName(), Types.SOFTMAX_CE.simpleName()));
        for (Kernel k : Kernel.values()) {
            callable.add(k.className());
        }
        assertEquals(callable, topLevelClasses(Types.KERNELS));
    }

    /** The top-level classes of the runtime package {@code pkg}, read from the runtime's class folder or jar. */
    private static Set<String> topLevelClasses(String pkg) throws Exception {
        Path root = Path.of(Class.forName(pkg + ".Conv2d", false, KernelCatalogTest.class.getClassLoader())
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(root)) {
            return list(root.resolve(pkg.replace('.', '/')));
        }
        try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
            return list(jar.getPath(pkg.replace('.', '/')));
        }
    }

    private static Set<String> list(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class"))
                    .forEach(n -> out.add(n.substring(0, n.length() - ".class".length())));
        }
        return out;
    }
}
