package dev.kiln.processor.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid declarations the fuzzer starts from: every model under {@code src/test/resources/valid}
 * that compiles without a warning ({@code ValidDeclarationsTest} holds them to that), each with all
 * three blocks beside it, so that a mutation can swap one block for another.
 */
final class Seeds {
    static final List<String> MODELS = List.of("LeNet", "TinyResNet", "ConcatNet", "HandResidual", "BottleneckNet",
            "PreActNet", "Activations", "PlainLike", "ResNetLike", "DocExample");
    static final List<String> BLOCKS = List.of("BasicBlock", "Bottleneck", "PreActBlock");

    private Seeds() {}

    static List<SourceSet> all() {
        Map<String, String> blocks = new LinkedHashMap<>();
        BLOCKS.forEach(b -> blocks.put(b, resource(b)));
        return MODELS.stream().map(m -> {
            Map<String, String> files = new LinkedHashMap<>();
            files.put(m, resource(m));
            files.putAll(blocks);
            return new SourceSet(m, files);
        }).toList();
    }

    private static String resource(String name) {
        String path = "valid/" + name + ".java";
        try (InputStream in = Seeds.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
