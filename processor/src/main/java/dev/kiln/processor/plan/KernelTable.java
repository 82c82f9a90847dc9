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

    /** A new kernel field for layer {@code dotted}: {@code new type(args)}. */
    String add(String dotted, String suffix, String type, String args) {
        String field = names.field(dotted, suffix);
        fields.add(new Plan.KernelField(field, type, args));
        return field;
    }

    int size() {
        return fields.size();
    }

    List<Plan.KernelField> all() {
        return List.copyOf(fields);
    }
}
