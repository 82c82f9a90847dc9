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

    /** The field holding tensor {@code name} of {@code row}. */
    Plan.ParamField add(ShapedLayer row, String name, String kind, Plan.Init init) {
        Tensor t = row.tensors().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no tensor " + name + " in " + row.name()));
        Plan.ParamField p = new Plan.ParamField(t, names.field(name, ""), kind, init);
        fields.add(p);
        return p;
    }

    List<Plan.ParamField> all() {
        return List.copyOf(fields);
    }

    /** The value of parameter {@code p} (or the state tensor {@code p}) as argument {@code name}. */
    static Arg value(String name, Plan.ParamField p) {
        return new Arg.Tensor(name, p.trainable() ? Arg.Holder.PARAMS : Arg.Holder.STATE, p.field());
    }

    /** The gradient of parameter {@code p} as argument {@code name}. */
    static Arg gradient(String name, Plan.ParamField p) {
        return new Arg.Tensor(name, Arg.Holder.GRADS, p.field());
    }
}
