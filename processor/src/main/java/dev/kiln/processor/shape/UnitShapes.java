package dev.kiln.processor.shape;

import dev.kiln.dsl.Bias;
import dev.kiln.dsl.PoolType;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Limits;
import dev.kiln.processor.model.SourceRef;
import dev.kiln.processor.model.Spec;
import dev.kiln.processor.resolve.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shape rule of one layer unit, applied part by part in the fixed order
 * merge → flatten → conv/dense → batch norm → activation → pool → dropout.
 */
final class UnitShapes {
    private final Report report;

    UnitShapes(Report report) {
        this.report = report;
    }

    Optional<ShapedLayer> infer(Node.Unit unit, List<Shape> in, Supplier<String> path) {
        LayerDecl layer = unit.layer();
        String name = unit.name();
        List<Tensor> tensors = new ArrayList<>();
        List<String> kind = new ArrayList<>();
        long macs = 0;
        Shape shape = in.get(0);
        if (layer.merge().isPresent()) {
            Optional<Shape> merged = merge(name, layer.merge().get(), in);
            if (merged.isEmpty()) {
                return Optional.empty();
            }
            shape = merged.get();
            kind.add(layer.merge().get().concat() ? "concat" : "add");
        }
        if (layer.flatten().isPresent()) {
            shape = Shape.vector((int) shape.size());
            kind.add("flatten");
        }
        boolean bn = layer.batchNorm().isPresent();
        if (layer.linear().isPresent() && layer.linear().get() instanceof Spec.Conv c) {
            if (!shape.isMap()) {
                report.error(Code.NEEDS_SPATIAL_INPUT, c.ref(), name, "@Conv", shape, path.get());
                return Optional.empty();
            }
            String what = "@Conv " + c.kernel() + "×" + c.kernel();
            Optional<Shape> out = Windows.slide(report, name, what, c.ref(),
                    shape, (long) c.dilation() * (c.kernel() - 1) + 1, c.stride(), c.padding(), c.filters(), path);
            List<Integer> weight = List.of(c.filters(), shape.channels(), c.kernel(), c.kernel());
            if (out.isEmpty()
                    || !fits(name, "the output " + out.get() + " of " + what, out.get().dims(), c.ref().at("filters"),
                            "use fewer filters, or subsample before it (a larger stride or a @Pool).")
                    || !fits(name, "the weight " + name + ".weight " + weight, weight, c.ref().at("kernel"),
                            "use fewer filters or a smaller kernel.")) {
                return Optional.empty();
            }
            tensors.add(new Tensor(name + ".weight", weight, true));
            if (hasBias(c.bias(), bn)) {
                tensors.add(new Tensor(name + ".bias", List.of(c.filters()), true));
            }
            // The weight and the output map each fit an int, so this fits a long (factors ≥ 1: no partial product overflows).
            macs += (long) c.filters() * shape.channels() * c.kernel() * c.kernel() * out.get().height() * out.get().width();
            kind.add(Describe.conv(c));
            shape = out.get();
        } else if (layer.linear().isPresent() && layer.linear().get() instanceof Spec.Dense d) {
            if (shape.isMap()) {
                report.error(Code.DENSE_NEEDS_VECTOR, d.ref(), name, shape, path.get());
                return Optional.empty();
            }
            List<Integer> weight = List.of(d.units(), shape.channels());
            if (!fits(name, "the weight " + name + ".weight " + weight, weight, d.ref().at("units"),
                    "use fewer units, or pool before flattening.")) {
                return Optional.empty();
            }
            tensors.add(new Tensor(name + ".weight", weight, true));
            if (hasBias(d.bias(), bn)) {
                tensors.add(new Tensor(name + ".bias", List.of(d.units()), true));
            }
            macs += (long) d.units() * shape.channels();
            kind.add("dense " + d.units());
            shape = Shape.vector(d.units());
        }
        if (bn) {
            String prefix = layer.linear().isPresent() ? name + ".bn" : name;
            int c = shape.channels();
            tensors.add(new Tensor(prefix + ".weight", List.of(c), true));
            tensors.add(new Tensor(prefix + ".bias", List.of(c), true));
            tensors.add(new Tensor(prefix + ".running_mean", List.of(c), false));
            tensors.add(new Tensor(prefix + ".running_var", List.of(c), false));
            kind.add("bn");
        }
        layer.activation().ifPresent(a -> kind.add(Describe.activation(a)));
        Shape beforePool = shape;
        if (layer.pool().isPresent()) {
            Spec.Pool p = layer.pool().get();
            if (!shape.isMap()) {
                report.error(Code.NEEDS_SPATIAL_INPUT, p.ref(), name, "@Pool", shape, path.get());
                return Optional.empty();
            }
            String type = p.type() == PoolType.MAX ? "maxpool" : "avgpool";
            if (p.global()) {
                shape = Shape.vector(shape.channels());
                kind.add("global " + type);
            } else {
                int stride = p.stride() == dev.kiln.dsl.Pool.SIZE ? p.size() : p.stride();
                Optional<Shape> out = Windows.slide(report, name, "@Pool " + p.size() + "×" + p.size(), p.ref(),
                        shape, p.size(), stride, p.padding(), shape.channels(), path);
                if (out.isEmpty()) {
                    return Optional.empty();
                }
                shape = out.get();
                kind.add(type + " " + p.size() + "×" + p.size() + (stride != 1 ? "/" + stride : ""));
            }
        }
        layer.dropout().ifPresent(d -> kind.add("dropout " + d.rate()));
        return Optional.of(new ShapedLayer(name, String.join(" +", kind), shape, tensors, macs, unit, beforePool));
    }

    private Optional<Shape> merge(String name, Spec.Merge merge, List<Shape> in) {
        String got = String.join(" and ", in.stream().map(Shape::toString).toList());
        if (!merge.concat()) {
            if (in.stream().distinct().count() != 1) {
                report.error(Code.ADD_SHAPE_MISMATCH, merge.ref(), name, got,
                        "make the inputs agree (same filters, same strides), or use @Concat to join channels.");
                return Optional.empty();
            }
            return Optional.of(in.get(0));
        }
        boolean allMaps = in.stream().allMatch(Shape::isMap);
        boolean allVectors = in.stream().noneMatch(Shape::isMap);
        if (!allVectors && (!allMaps || in.stream().map(s -> s.height() + "x" + s.width()).distinct().count() != 1)) {
            report.error(Code.CONCAT_SHAPE_MISMATCH, merge.ref(), name, got,
                    "give the inputs the same height and width (same strides and pooling).");
            return Optional.empty();
        }
        long channels = in.stream().mapToLong(Shape::channels).sum();
        Shape first = in.get(0);
        List<Long> joined = allMaps ? List.of(channels, (long) first.height(), (long) first.width()) : List.of(channels);
        if (!fits(name, "the output " + Describe.dims(joined) + " of @Concat", joined, merge.ref(), "join fewer or narrower inputs.")) {
            return Optional.empty();
        }
        return Optional.of(allMaps ? Shape.map((int) channels, first.height(), first.width()) : Shape.vector((int) channels));
    }

    /** Whether a tensor of {@code dims} fits one array per example; if not, says so (on {@code ref}). */
    private boolean fits(String layer, String what, List<? extends Number> dims, SourceRef ref, String fix) {
        if (Limits.fits(dims)) {
            return true;
        }
        report.error(Code.TENSOR_TOO_LARGE, ref, layer, what, Limits.elements(dims), fix);
        return false;
    }

    private static boolean hasBias(Bias bias, boolean batchNorm) {
        return bias == Bias.ON || (bias == Bias.AUTO && !batchNorm);
    }
}
