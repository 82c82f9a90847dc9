package dev.kiln.processor.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the pieces of one declaration's text are: its layer methods (annotations and signature),
 * every annotation and every {@code name = value} attribute. Found with regular expressions that
 * fit the seed sources' style; after a few mutations they may find less, which only means fewer
 * choices for the next one.
 */
final class Layout {
    private static final String PARENS = "\\((?:[^()]|\\([^()]*\\))*\\)";
    static final Pattern ANNOTATION = Pattern.compile("@(\\w+)(?:\\s*" + PARENS + ")?");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\s*" + PARENS + ")?\\s*)+)INDArray\\s+(\\w+)\\s*\\(([^()]*)\\)\\s*;");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\b([a-z]\\w*)\\s*=\\s*((?:[^,()@=]|\\([^()]*\\))+?)\\s*(?=[,)])");
    private static final Pattern PARAMETER = Pattern.compile("INDArray\\s+(\\w+)");

    /** A layer method: [start, end) from its first annotation to the semicolon; its name at nameStart. */
    record Method(int start, int end, int nameStart, String name, int paramsEnd, List<Param> params) {}

    /** A parameter's name and where it is. */
    record Param(int start, int end, String name) {}

    /** An annotation: {@code @Conv(filters = 4, kernel = 3)} from start to end. */
    record Annotation(int start, int end, String name, boolean hasParens) {}

    /** The value of {@code name = value}, from start to end. */
    record Attribute(int start, int end, String name, String value) {}

    final String text;
    final List<Method> methods = new ArrayList<>();
    final List<Annotation> annotations = new ArrayList<>();
    final List<Attribute> attributes = new ArrayList<>();

    Layout(String text) {
        this.text = text;
        Matcher m = METHOD.matcher(text);
        while (m.find()) {
            List<Param> params = new ArrayList<>();
            Matcher p = PARAMETER.matcher(text).region(m.start(3), m.end(3));
            while (p.find()) {
                params.add(new Param(p.start(1), p.end(1), p.group(1)));
            }
            methods.add(new Method(m.start(), m.end(), m.start(2), m.group(2), m.end(3), params));
        }
        Matcher a = ANNOTATION.matcher(text);
        while (a.find()) {
            if (!inComment(a.start())) {
                annotations.add(new Annotation(a.start(), a.end(), a.group(1), a.group().contains("(")));
            }
        }
        for (Annotation annotation : annotations) {
            if (annotation.hasParens()) {
                Matcher v = ATTRIBUTE.matcher(text).region(annotation.start(), annotation.end());
                while (v.find()) {
                    attributes.add(new Attribute(v.start(2), v.end(2), v.group(1), v.group(2)));
                }
            }
        }
    }

    List<String> methodNames() {
        return methods.stream().map(Method::name).toList();
    }

    /** The simple name of the interface this file declares, or {@code fallback}. */
    String typeName(String fallback) {
        Matcher m = Pattern.compile("interface\\s+(\\w+)").matcher(text);
        return m.find() ? m.group(1) : fallback;
    }

    private boolean inComment(int at) {
        int open = text.lastIndexOf("/*", at);
        return open >= 0 && text.indexOf("*/", open) > at;
    }

    /** {@code text} with [start, end) replaced by {@code with}. */
    static String splice(String text, int start, int end, String with) {
        return text.substring(0, start) + with + text.substring(end);
    }

    /** The attributes each annotation takes, for mutations that add one. */
    static List<String> attributesOf(String annotation) {
        return switch (annotation) {
            case "Conv" -> List.of("filters", "kernel", "stride", "padding", "dilation", "bias", "expansion");
            case "Dense" -> List.of("units", "bias");
            case "Pool" -> List.of("type", "size", "stride", "padding", "global");
            case "BatchNorm" -> List.of("momentum", "epsilon");
            case "Dropout" -> List.of("rate");
            case "LeakyRelu" -> List.of("slope");
            case "Residual" -> List.of("block", "filters", "stride", "repeat", "shortcut", "activation");
            case "Stack" -> List.of("block", "filters", "stride", "repeat", "activation");
            case "Input" -> List.of("channels", "height", "width");
            case "Model" -> List.of("params");
            default -> List.of();
        };
    }

    static boolean isDouble(String attribute) {
        return Arrays.asList("momentum", "epsilon", "slope", "rate").contains(attribute);
    }
}
