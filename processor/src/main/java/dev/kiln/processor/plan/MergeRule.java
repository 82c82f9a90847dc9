package dev.kiln.processor.plan;

import dev.kiln.processor.model.Spec;
import dev.kiln.processor.shape.Shape;
import java.util.List;

/** {@code @Add} and {@code @Concat}: one buffer from several inputs; backward hands each input its share of the gradient. */
final class MergeRule implements PartRule {
    @Override
    public boolean applies(UnitDraft u) {
        return u.layer.merge().isPresent();
    }

    @Override
    public void plan(UnitDraft u) {
        Spec.Merge merge = u.layer.merge().get();
        u.shape = merged(merge, u.inputShapes);
        String y = u.newBuffer("Merged", "merge", u.shape);
        List<String> ins = u.inputs;
        if (merge.concat()) {
            u.forward.add(Op.of(Kernel.CONCAT, "forward", new Arg.Buffers("xs", ins), Arg.buffer("y", y)));
            u.backward.add((ops, dOut) -> {
                int offset = 0;
                for (int i = 0; i < ins.size(); i++) {
                    String dx = u.gradientOrNull(ins.get(i));
                    if (dx != null) {
                        ops.add(Op.of(Kernel.CONCAT, "backward", Arg.buffer("dy", dOut), new Arg.Int("channelOffset", offset),
                                Arg.buffer("dx", dx), u.accumulate(dx)));
                    }
                    offset += u.inputShapes.get(i).channels();
                }
                return null;
            });
        } else {
            u.forward.add(ins.size() == 2
                    ? Op.of(Kernel.ADD, "forward", Arg.buffer("a", ins.get(0)), Arg.buffer("b", ins.get(1)), Arg.buffer("y", y),
                            Arg.flag("relu", false))
                    : Op.of(Kernel.ADD, "forward", new Arg.Buffers("xs", ins), Arg.buffer("y", y), Arg.flag("relu", false)));
            u.backward.add((ops, dOut) -> {
                for (String in : ins) {
                    String dx = u.gradientOrNull(in);
                    if (dx != null) {
                        ops.add(Op.of(Kernel.GRAD, "pass", Arg.buffer("dy", dOut), Arg.buffer("dx", dx), u.accumulate(dx)));
                    }
                }
                return null;
            });
        }
        u.current = y;
        u.owned = true;
    }

    private static Shape merged(Spec.Merge merge, List<Shape> in) {
        if (!merge.concat()) {
            return in.get(0);
        }
        int channels = in.stream().mapToInt(Shape::channels).sum();
        Shape first = in.get(0);
        return first.isMap() ? Shape.map(channels, first.height(), first.width()) : Shape.vector(channels);
    }
}
