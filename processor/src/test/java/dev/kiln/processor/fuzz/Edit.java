package dev.kiln.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One mutation of one file of a {@link SourceSet}; null where the file offers nothing to mutate that way. */
final class Edit {
    record Result(SourceSet sources, String what) {}

    private static final List<String> SNIPPETS = List.of("@Relu", "@BatchNorm", "@Flatten", "@Add", "@Concat",
            "@Dropout(rate = 0.3)", "@Pool(size = 2)", "@Pool(global = true)", "@Conv(filters = 4, kernel = 3)",
            "@Dense(units = 10)", "@Residual(block = BasicBlock.class, filters = 4)",
            "@Stack(block = PreActBlock.class, filters = 8)", "@Tanh", "@Sigmoid", "@LeakyRelu(slope = 0.2)",
            "@Block", "@Model(input = @Input(channels = 1, height = 8, width = 8))", "@SuppressWarnings(\"kiln:UnusedLayer\")");

    private Edit() {}

    static Result apply(Kind kind, SourceSet s, String file, SplittableRandom r) {
        String text = s.text(file);
        Layout l = new Layout(text);
        List<Layout.Method> ms = l.methods;
        return switch (kind) {
            case DELETE_METHOD -> ms.isEmpty() ? null : deleteMethod(s, file, l, Values.pick(ms, r));
            case DUPLICATE_METHOD -> {
                if (ms.isEmpty()) {
                    yield null;
                }
                Layout.Method m = Values.pick(ms, r);
                yield result(s, file, Layout.splice(text, m.end(), m.end(), "\n    " + text.substring(m.start(), m.end())),
                        "duplicated " + m.name());
            }
            case SWAP_METHODS -> ms.size() < 2 ? null : swap(s, file, l, r);
            case RENAME_PARAMETER -> renameParameter(s, file, l, r, newName(l, r), "renamed");
            case RENAME_METHOD -> ms.isEmpty() ? null : renameMethod(s, file, l, Values.pick(ms, r), newName(l, r), r.nextBoolean());
            case ADD_PARAMETER -> {
                if (ms.isEmpty()) {
                    yield null;
                }
                Layout.Method m = Values.pick(ms, r);
                String name = newName(l, r);
                String add = (m.params().isEmpty() ? "" : ", ") + "INDArray " + name;
                yield result(s, file, Layout.splice(text, m.paramsEnd(), m.paramsEnd(), add), m.name() + " takes also " + name);
            }
            case VALUE_ZERO, VALUE_NEGATIVE, VALUE_HUGE, VALUE_WRONG_TYPE -> value(kind, s, file, l, r);
            case ADD_ATTRIBUTE -> addAttribute(s, file, l, r);
            case DELETE_ANNOTATION -> {
                if (l.annotations.isEmpty()) {
                    yield null;
                }
                Layout.Annotation a = Values.pick(l.annotations, r);
                yield result(s, file, Layout.splice(text, a.start(), a.end(), ""), "deleted " + text.substring(a.start(), a.end()));
            }
            case ADD_ANNOTATION -> {
                if (ms.isEmpty()) {
                    yield null;
                }
                Layout.Method m = Values.pick(ms, r);
                String a = Values.pick(SNIPPETS, r);
                yield result(s, file, Layout.splice(text, m.start(), m.start(), a + " "), a + " on " + m.name());
            }
            case SWAP_BLOCK -> Cycles.swapBlock(s, file, l, r);
            case ADD_CYCLE -> Cycles.add(s, file, l, r);
            case TRUNCATE -> {
                if (text.isEmpty()) {
                    yield null;
                }
                int at = r.nextInt(text.length());
                yield result(s, file, text.substring(0, at), "cut after character " + at + " of " + text.length());
            }
        };
    }

    static Result result(SourceSet s, String file, String text, String what) {
        return new Result(s.with(file, text), what);
    }

    private static Result deleteMethod(SourceSet s, String file, Layout l, Layout.Method m) {
        return result(s, file, Layout.splice(l.text, m.start(), m.end(), ""), "deleted " + m.name());
    }

    private static Result swap(SourceSet s, String file, Layout l, SplittableRandom r) {
        int i = r.nextInt(l.methods.size());
        int j = r.nextInt(l.methods.size() - 1);
        j = j >= i ? j + 1 : j;
        Layout.Method a = l.methods.get(Math.min(i, j));
        Layout.Method b = l.methods.get(Math.max(i, j));
        String t = l.text;
        String swapped = t.substring(0, a.start()) + t.substring(b.start(), b.end()) + t.substring(a.end(), b.start())
                + t.substring(a.start(), a.end()) + t.substring(b.end());
        return result(s, file, swapped, "swapped " + a.name() + " and " + b.name());
    }

    /** Renames method {@code m} to {@code to}, and when {@code readers} every parameter that reads it too (a rename a user makes). */
    private static Result renameMethod(SourceSet s, String file, Layout l, Layout.Method m, String to, boolean readers) {
        List<int[]> spans = new ArrayList<>();
        spans.add(new int[] {m.nameStart(), m.nameStart() + m.name().length()});
        if (readers) {
            l.methods.forEach(other -> other.params().stream().filter(p -> p.name().equals(m.name()))
                    .forEach(p -> spans.add(new int[] {p.start(), p.end()})));
        }
        spans.sort((x, y) -> Integer.compare(y[0], x[0]));
        String t = l.text;
        for (int[] span : spans) {
            t = Layout.splice(t, span[0], span[1], to);
        }
        return result(s, file, t, "method " + m.name() + " → " + to + (readers ? ", with " + (spans.size() - 1) + " readers" : ""));
    }

    /** Renames a random parameter of a random method to {@code to}. */
    static Result renameParameter(SourceSet s, String file, Layout l, SplittableRandom r, String to, String verb) {
        List<Layout.Method> with = l.methods.stream().filter(m -> !m.params().isEmpty()).toList();
        if (with.isEmpty()) {
            return null;
        }
        Layout.Method m = Values.pick(with, r);
        Layout.Param p = Values.pick(m.params(), r);
        return result(s, file, Layout.splice(l.text, p.start(), p.end(), to),
                verb + " parameter " + p.name() + " of " + m.name() + " → " + to);
    }

    /**
     * Another layer's name, capitalised or misspelt; 'input'; a fresh name; or a name the generated
     * class uses itself (a field, a local, a constant, an imported type, a method).
     */
    private static String newName(Layout l, SplittableRandom r) {
        List<String> names = new ArrayList<>(l.methodNames());
        if (names.isEmpty() || r.nextInt(4) == 0) {
            return Values.pick(List.of("input", "x", "stem2", "_", "$dollar", "Input", "logits", "a", "n", "dataType", "type",
                    "seed", "random", "labels", "batch", "training", "loss", "step", "stage", "parameters", "state", "NAME",
                    "INPUT_SHAPE", "CLASSES", "SUMMARY", "Inputs", "Nd4j", "Init", "Relu", "use", "forward", "predict",
                    "create", "backward", "summary", "Activations", "probs", "stem_0_conv1", "stage1_0_conv1"), r);
        }
        String n = Values.pick(names, r);
        return switch (r.nextInt(4)) {
            case 0 -> n;
            case 1 -> n.length() > 1 ? n.substring(0, n.length() - 1) : n + "x";
            case 2 -> Character.toUpperCase(n.charAt(0)) + n.substring(1);
            default -> n + n.charAt(n.length() - 1);
        };
    }

    private static Result value(Kind kind, SourceSet s, String file, Layout l, SplittableRandom r) {
        if (l.attributes.isEmpty()) {
            return null;
        }
        Layout.Attribute a = Values.pick(l.attributes, r);
        String v = switch (kind) {
            case VALUE_ZERO -> Values.zero(a.name());
            case VALUE_NEGATIVE -> Values.negative(a.name(), r);
            case VALUE_HUGE -> Values.huge(a.name(), r);
            default -> Values.wrongType(r);
        };
        return result(s, file, Layout.splice(l.text, a.start(), a.end(), v), a.name() + " = " + a.value() + " → " + v);
    }

    private static Result addAttribute(SourceSet s, String file, Layout l, SplittableRandom r) {
        List<Layout.Annotation> open = l.annotations.stream().filter(a -> !Layout.attributesOf(a.name()).isEmpty()).toList();
        if (open.isEmpty()) {
            return null;
        }
        Layout.Annotation a = Values.pick(open, r);
        String name = Values.pick(Layout.attributesOf(a.name()), r);
        String attribute = name + " = " + Values.any(name, r);
        String t = l.text;
        String edited;
        if (a.hasParens()) {
            int close = a.end() - 1;
            boolean empty = t.substring(t.indexOf('(', a.start()) + 1, close).isBlank();
            edited = Layout.splice(t, close, close, (empty ? "" : ", ") + attribute);
        } else {
            edited = Layout.splice(t, a.end(), a.end(), "(" + attribute + ")");
        }
        return result(s, file, edited, "@" + a.name() + " gets " + attribute);
    }
}
