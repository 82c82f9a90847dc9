package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/generated-example.md mirrors the golden {@code KilnDocExample}: the declaration and the
 * generated class it shows are the fixture and the golden file, verbatim. With
 * {@code -Dkiln.updateGolden=true} the page is rewritten from them.
 */
class DocsExampleTest {
    private static final Path DOC = Path.of("..", "docs", "generated-example.md");
    private static final Path DECLARATION = Path.of("src", "test", "resources", "valid", "DocExample.java");
    private static final Path BLOCK = Path.of("src", "test", "resources", "valid", "BasicBlock.java");
    private static final Path GENERATED = Path.of("src", "test", "resources", "golden", "KilnDocExample.java");

    @Test
    void pageShowsTheGoldenSourcesVerbatim() throws IOException {
        String expected = page(read(DECLARATION), read(BLOCK), read(GENERATED));
        if (Boolean.getBoolean("kiln.updateGolden")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(DOC), DOC.toAbsolutePath() + " is missing; create it with -Dkiln.updateGolden=true");
        assertEquals(expected, read(DOC), "docs/generated-example.md is out of date; rerun with -Dkiln.updateGolden=true");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static String page(String declaration, String block, String generated) {
        return "# What Kiln generates\n\n"
                + "This page is checked by `processor/src/test/java/dev/kiln/processor/DocsExampleTest.java`: the sources\n"
                + "below are the test fixture and the golden file, verbatim.\n\n"
                + "A model with a stem, one residual block and a classifier:\n\n```java\n" + declaration + "```\n\n"
                + "with the block:\n\n```java\n" + block + "```\n\n"
                + "What to look for in the generated class below:\n\n"
                + "- the Javadoc table: every layer's dotted name, kind, output shape, parameters and cost, then the\n"
                + "  memory a training step's planned buffers take;\n"
                + "- `extends GeneratedNetwork<…>`: what every network does alike (the one-call-at-a-time guard,\n"
                + "  the order `trainForward` → `loss` → `backward`, `predict`, `trainStep`, the buffers kept per\n"
                + "  batch size) is a hand-written runtime class; the generated class supplies the rest;\n"
                + "- `Params`, held twice: `params`, the values, and `grads`, their gradients, field for field; `State`,\n"
                + "  the BN running statistics; `Params.with(grads)` is the parameter list, with PyTorch-style names\n"
                + "  (`stage.0.conv1.weight`);\n"
                + "- `forwardStem`, `forwardStage`, …: one commented step per layer, one statement per kernel call;\n"
                + "  batch norm takes `training` (batch or running statistics), so only the methods that hold one take\n"
                + "  it; flags and literals are labelled (`/* relu= */ true`); buffers are named by what they hold\n"
                + "  (`stemBnRelu`: conv, batch norm, ReLU);\n"
                + "- `if (training) { … } else { stemFolded.forward(…) }`: at inference a convolution and its batch norm\n"
                + "  are one call (`ConvBatchNorm`), the batch norm folded into the convolution's weights and bias and\n"
                + "  the block's shortcut add and ReLU in the same oneDNN primitive; training runs the two calls above\n"
                + "  it, and a block's last convolution runs at inference with its batch norm, after the shortcut;\n"
                + "- `backwardLogits` … `backwardStem`: the forward list in reverse; where a tensor feeds two layers\n"
                + "  (the residual's input) the second gradient is accumulated (`/* accumulate= */ true`); the network\n"
                + "  input's gradient is not computed (`/* dx= */ null`);\n"
                + "- `describeOnnx`: the inference graph in ONNX operators, one statement a step named as `outputs()`\n"
                + "  names it, which `exportOnnx(path)` writes as an `.onnx` file;\n"
                + "- `replica()`: a network for another thread that shares `params` and `state` and has its own\n"
                + "  gradients, kernels and buffers;\n"
                + "- `Activations`: every buffer, allocated once per batch size; gradient buffers whose lives do not\n"
                + "  overlap share memory under their own names. This network stores its maps channels last (its\n"
                + "  kernels are built with `/* channelsLast= */ true`): `ChannelsLast.fromNchw` copies an NCHW input\n"
                + "  in, the layer methods return NCHW copies, and `outputs()` holds NCHW views\n"
                + "  ([layout.md](layout.md)).\n\n"
                + "```java\n" + generated + "```\n";
    }
}
