package dev.kiln.processor.plan;

import java.util.ArrayList;
import java.util.List;

/** The kernel instances a network keeps (convolutions with their prepared ops, batch norms with their saved statistics, …). */
final class KernelTable {
    private final Names names;
    private final List<Plan.KernelField> fields = new ArrayList<>();

    KernelTable(Names names) {
        this.names = names;
    }

    /** A new kernel field for layer {@code dotted}, made as {@code new Kernel(args)}. */
    Plan.KernelField add(String dotted, String suffix, Kernel kernel, Arg... args) {
        Plan.KernelField field = new Plan.KernelField(names.field(dotted, suffix), kernel, List.of(args));
        fields.add(field);
        return field;
    }

    /** How many kernels are planned so far; a new dropout's stream is the seed plus this. */
    int size() {
        return fields.size();
    }

    List<Plan.KernelField> all() {
        return List.copyOf(fields);
    }
}
