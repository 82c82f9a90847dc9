package dev.kiln.processor;

import java.util.List;

/**
 * Declarations broken in every way javac lets a processor see: truncated text, missing or
 * mistyped annotation values, unresolvable types, annotations in the wrong place. Used by
 * {@link MalformedSourcesTest}; each compiles as {@code fixtures.T}.
 */
final class MalformedSources {
    private MalformedSources() {}

    record Case(String name, String source) {}

    /** A source javac accepts and Kiln must reject with {@code [Kiln/<tag>]} errors only. */
    record Objection(String name, String source, String tag) {}

    private static final String HEAD = "package fixtures;\nimport dev.kiln.dsl.*;\nimport org.nd4j.linalg.api.ndarray.INDArray;\n";
    private static final String MODEL = "@Model(input = @Input(channels = 1, height = 8, width = 8))\n";
    private static final String LOGITS = "@Flatten @Dense(units = 10) INDArray logits(INDArray %s);\n";

    /** A model T whose first layer is {@code layer} (reading input, named a) and whose output reads a. */
    private static String model(String layer) {
        return HEAD + MODEL + "public interface T {\n" + layer + "\n" + LOGITS.formatted("a") + "}\n";
    }

    private static String withBlock(String annotation) {
        return model(annotation + " INDArray a(INDArray input);").replace("}\n", "")
                + "@Block interface B { @Conv(kernel = 3) INDArray c(INDArray input); }\n}\n";
    }

    static final List<Case> CASES = List.of(
            new Case("truncated in a method", HEAD + MODEL + "public interface T {\n@Conv(filters = 4, kernel = 3)\nINDArray a(INDArray input"),
            new Case("truncated in @Input", HEAD + "@Model(input = @Input(channels = 1,"),
            new Case("truncated import", "package fixtures;\nimport dev.kiln."),
            new Case("unterminated comment", model("/* never closed @Conv(filters = 4, kernel = 3) INDArray a(INDArray input);")),
            new Case("garbage in the body", model("int x = ; @Relu INDArray a(INDArray input);")),
            new Case("@Conv without kernel", model("@Conv(filters = 4) INDArray a(INDArray input);")),
            new Case("@Dense without units", HEAD + MODEL + "public interface T {\n@Flatten @Dense INDArray logits(INDArray input);\n}"),
            new Case("@Model without input", HEAD + "@Model public interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("@Input without width", HEAD + "@Model(input = @Input(channels = 1, height = 8))\npublic interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("@Residual without block", withBlock("@Residual(filters = 4)")),
            new Case("kernel = \"3\"", model("@Conv(filters = 4, kernel = \"3\") INDArray a(INDArray input);")),
            new Case("filters = 3.5", model("@Conv(filters = 3.5, kernel = 3) INDArray a(INDArray input);")),
            new Case("momentum = \"high\"", model("@BatchNorm(momentum = \"high\") INDArray a(INDArray input);")),
            new Case("rate = true", model("@Dropout(rate = true) INDArray a(INDArray input);")),
            new Case("params = \"many\"", HEAD + "@Model(input = @Input(channels = 1, height = 8, width = 8), params = \"many\")\npublic interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("shortcut = \"IDENTITY\"", withBlock("@Residual(block = B.class, filters = 1, shortcut = \"IDENTITY\")")),
            new Case("unknown enum constant", withBlock("@Residual(block = B.class, filters = 1, shortcut = Shortcut.SIDEWAYS)")),
            new Case("type = null", model("@Pool(type = null) INDArray a(INDArray input);")),
            new Case("block = int.class", withBlock("@Residual(block = int.class, filters = 4)")),
            new Case("block = T[].class", withBlock("@Stack(block = T[].class, filters = 4)")),
            new Case("block = String.class", withBlock("@Residual(block = String.class, filters = 4)")),
            new Case("block unresolvable", withBlock("@Residual(block = Nowhere.class, filters = 4)")),
            new Case("block = qualified garbage", withBlock("@Residual(block = no.such.pkg.B.class, filters = 4)")),
            new Case("INDArray not imported", "package fixtures;\nimport dev.kiln.dsl.*;\n" + MODEL + "public interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("return type unresolvable", model("@Relu Tensor a(INDArray input);")),
            new Case("parameter type unresolvable", model("@Relu INDArray a(Tensor input);")),
            new Case("varargs parameter", model("@Relu INDArray a(INDArray... input);")),
            new Case("bounded generic method", model("@Relu <X extends INDArray> X a(X input);")),
            new Case("empty @Model interface", HEAD + MODEL + "public interface T {}"),
            new Case("empty @Block interface", HEAD + "@Block public interface T {}"),
            new Case("annotation on a field", HEAD + MODEL + "public interface T {\n@Conv(filters = 4, kernel = 3) INDArray a = null;\n" + LOGITS.formatted("input") + "}"),
            new Case("@Input on the type", HEAD + "@Input(channels = 1, height = 8, width = 8)\npublic interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("@Model on an enum", HEAD + MODEL + "public enum T { A }"),
            new Case("@Model on an annotation", HEAD + MODEL + "public @interface T {}"),
            new Case("@Model on a record", HEAD + MODEL + "public record T(int x) {}"),
            new Case("@Block on an enum", HEAD + "@Block public enum T { A }"),
            new Case("two @Model annotations", HEAD + MODEL + MODEL + "public interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("two @Conv annotations", model("@Conv(filters = 4, kernel = 3) @Conv(filters = 8, kernel = 1) INDArray a(INDArray input);")),
            new Case("nested @Input garbage", HEAD + "@Model(input = @Input(channels = @Input(channels = 1, height = 1, width = 1), height = 8, width = 8))\npublic interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("cyclic inheritance", HEAD + MODEL + "public interface T extends T {\n" + LOGITS.formatted("input") + "}"),
            new Case("layers only inherited", HEAD + "interface P {\n" + LOGITS.formatted("input") + "}\n" + MODEL + "public interface T extends P {}"),
            new Case("huge kernel and filters", model("@Conv(filters = Integer.MAX_VALUE, kernel = Integer.MAX_VALUE) INDArray a(INDArray input);")),
            new Case("huge dilation", model("@Conv(filters = 4, kernel = 3, dilation = 1_000_000_000) INDArray a(INDArray input);")),
            new Case("huge input", HEAD + "@Model(input = @Input(channels = Integer.MAX_VALUE, height = Integer.MAX_VALUE, width = Integer.MAX_VALUE))\npublic interface T {\n" + LOGITS.formatted("input") + "}"),
            new Case("NaN momentum", model("@BatchNorm(momentum = Double.NaN) INDArray a(INDArray input);")),
            new Case("infinite slope", model("@LeakyRelu(slope = Double.POSITIVE_INFINITY) INDArray a(INDArray input);")),
            new Case("model in a class", HEAD + "public class T {\n" + MODEL + "private interface Inner {\n" + LOGITS.formatted("input") + "}\n}"));

    static final List<Objection> KILN_MUST_OBJECT = List.of(
            new Objection("block = int.class", withBlock("@Residual(block = int.class, filters = 1)"), "NotABlock"),
            new Objection("block = void.class", withBlock("@Stack(block = void.class, filters = 1)"), "NotABlock"),
            new Objection("block = String.class", withBlock("@Stack(block = String.class, filters = 1)"), "NotABlock"),
            new Objection("block = T[].class", withBlock("@Residual(block = T[].class, filters = 1)"), "NotABlock"),
            new Objection("empty model", HEAD + MODEL + "public interface T {}", "EmptyDeclaration"),
            new Objection("units = MIN_VALUE", model("@Flatten @Dense(units = Integer.MIN_VALUE) INDArray a(INDArray input);"),
                    "NonPositiveValue"));
}
