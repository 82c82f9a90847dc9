package dev.kiln.processor.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid declarations the fuzzer starts from: the models under {@code src/test/resources/valid}
 * that compile without a warning ({@code ValidDeclarationsTest} holds them to that), each with all
 * three blocks beside it, so that a mutation can swap one block for another. {@code ResNetLike} is
 * left out: it is {@code PlainLike} with {@code @Residual}, which {@code TinyResNet} and
 * {@code DocExample} cover at 8×8, and creating and running a ResNet-20 on 28×28 takes 0.85 s a
 * case, more than the ten smaller seeds together.
 */
final class Seeds {
    static final List<String> MODELS = List.of("LeNet", "TinyResNet", "ConcatNet", "HandResidual", "BottleneckNet",
            "PreActNet", "Activations", "PlainLike", "DocExample");
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
