package dev.kiln.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The mutations that rewire blocks and layers: swap a block for another, close a cycle. */
final class Cycles {
    private Cycles() {}

    /** {@code block = A.class} → another block, the model itself or a missing type; or {@code @Residual} ↔ {@code @Stack}. */
    static Edit.Result swapBlock(SourceSet s, String file, Layout l, SplittableRandom r) {
        List<Layout.Attribute> blocks = l.attributes.stream().filter(a -> a.name().equals("block")).toList();
        List<Layout.Annotation> repeats = l.annotations.stream()
                .filter(a -> a.name().equals("Residual") || a.name().equals("Stack")).toList();
        if (!blocks.isEmpty() && (repeats.isEmpty() || r.nextBoolean())) {
            Layout.Attribute a = Values.pick(blocks, r);
            List<String> to = new ArrayList<>(Seeds.BLOCKS);
            to.add(s.model());
            to.add(l.typeName(file));
            to.add("Nowhere");
            String v = Values.pick(to, r) + ".class";
            return Edit.result(s, file, Layout.splice(l.text, a.start(), a.end(), v), "block = " + a.value() + " → " + v);
        }
        if (repeats.isEmpty()) {
            return null;
        }
        Layout.Annotation a = Values.pick(repeats, r);
        String to = a.name().equals("Residual") ? "Stack" : "Residual";
        return Edit.result(s, file, Layout.splice(l.text, a.start() + 1, a.start() + 1 + a.name().length(), to),
                "@" + a.name() + " → @" + to);
    }

    /**
     * A layer reading a later layer (or itself), a block repeating itself, or two blocks repeating
     * each other.
     */
    static Edit.Result add(SourceSet s, String file, Layout l, SplittableRandom r) {
        int way = r.nextInt(3);
        if (way == 0 && l.methods.size() >= 1) {
            List<Layout.Method> ms = l.methods;
            int i = r.nextInt(ms.size());
            Layout.Method later = ms.get(i + r.nextInt(ms.size() - i));
            List<Layout.Method> reading = ms.subList(0, i + 1).stream().filter(m -> !m.params().isEmpty()).toList();
            if (reading.isEmpty()) {
                return null;
            }
            Layout.Method m = Values.pick(reading, r);
            Layout.Param p = Values.pick(m.params(), r);
            return Edit.result(s, file, Layout.splice(l.text, p.start(), p.end(), later.name()),
                    "cycle: " + m.name() + " reads " + later.name() + " instead of " + p.name());
        }
        String self = l.typeName(file);
        String other = way == 1 ? self : Values.pick(Seeds.BLOCKS, r);
        Edit.Result first = repeatAtEnd(s, file, l, other, r);
        if (first == null || other.equals(self) || !first.sources().files().containsKey(other)) {
            return first;
        }
        Edit.Result back = repeatAtEnd(first.sources(), other, new Layout(first.sources().text(other)), self, r);
        return back == null ? first : new Edit.Result(back.sources(), first.what() + "; " + other + " " + back.what());
    }

    /** Appends a layer {@code loop} that repeats {@code block}, reading the file's last layer. */
    private static Edit.Result repeatAtEnd(SourceSet s, String file, Layout l, String block, SplittableRandom r) {
        if (l.methods.isEmpty()) {
            return null;
        }
        Layout.Method last = l.methods.get(l.methods.size() - 1);
        String a = (r.nextBoolean() ? "@Residual" : "@Stack") + "(block = " + block + ".class, filters = 4)";
        String method = "\n    " + a + "\n    INDArray loop" + r.nextInt(10) + "(INDArray " + last.name() + ");";
        return Edit.result(s, file, Layout.splice(l.text, last.end(), last.end(), method), "appends " + a);
    }
}
