package dev.kiln.processor.plan;

import dev.kiln.processor.shape.ShapedLayer;
import dev.kiln.processor.shape.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The parameter and state fields, in the order the layers declare them. */
final class ParamTable {
    private final Names names;
    private final List<Plan.ParamField> fields = new ArrayList<>();

    ParamTable(Names names) {
        this.names = names;
    }

    /** The field holding tensor {@code name} of {@code row}; trainable ones also get a gradient field. */
    Plan.ParamField add(ShapedLayer row, String name, String kind, Plan.Init init) {
        Tensor t = row.tensors().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no tensor " + name + " in " + row.name()));
        String field = names.field(name, "");
        Plan.ParamField p = new Plan.ParamField(t, field, t.trainable() ? names.gradient(field) : null, kind, init);
        fields.add(p);
        return p;
    }

    List<Plan.ParamField> all() {
        return List.copyOf(fields);
    }
}
