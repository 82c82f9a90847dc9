package dev.kiln.processor.read;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.SourceRef;
import dev.kiln.processor.model.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The layer annotations found on one method, sorted into their slots, with clashes remembered. */
final class Parts {
    private final String method;
    private final List<Clash> clashes = new ArrayList<>();
    private final List<Spec> all = new ArrayList<>();
    Spec.Merge merge;
    Spec.Flatten flatten;
    Spec.Linear linear;
    Spec.BatchNorm batchNorm;
    Spec.Activation activation;
    Spec.Pool pool;
    Spec.Dropout dropout;
    Spec.Repeat repeat;
    private int count;

    Parts(String method) {
        this.method = method;
    }

    /** Two annotations that cannot share a method; {@code where} is the second one. */
    private record Clash(String what, SourceRef where) {}

    void add(Spec spec) {
        count++;
        all.add(spec);
        if (spec instanceof Spec.Merge m) {
            merge = clash(merge, m);
        } else if (spec instanceof Spec.Flatten f) {
            flatten = clash(flatten, f);
        } else if (spec instanceof Spec.Linear l) {
            linear = clash(linear, l);
        } else if (spec instanceof Spec.BatchNorm b) {
            batchNorm = clash(batchNorm, b);
        } else if (spec instanceof Spec.Activation a) {
            activation = clash(activation, a);
        } else if (spec instanceof Spec.Pool p) {
            pool = clash(pool, p);
        } else if (spec instanceof Spec.Dropout d) {
            dropout = clash(dropout, d);
        } else if (spec instanceof Spec.Repeat r) {
            repeat = clash(repeat, r);
        }
    }

    private <S extends Spec> S clash(S previous, S next) {
        if (previous != null) {
            clashes.add(new Clash(previous.annotation() + " with " + next.annotation(), next.ref()));
        }
        return previous == null ? next : previous;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Reports each clash at the annotation that clashes; {@code @Residual}/{@code @Stack} clash with every other part. */
    void reportConflicts(Report report) {
        if (repeat != null && count > 1) {
            for (Spec other : all) {
                if (!(other instanceof Spec.Repeat)) {
                    clashes.add(new Clash(repeat.annotation() + " with " + other.annotation(), other.ref()));
                }
            }
        }
        for (Clash clash : clashes) {
            report.error(Code.CONFLICTING_LAYERS, clash.where(), method, clash.what());
        }
    }

    LayerDecl toLayer(List<LayerDecl.Param> inputs, Set<String> suppressed, SourceRef ref) {
        return new LayerDecl(method, inputs, Optional.ofNullable(merge), Optional.ofNullable(flatten),
                Optional.ofNullable(linear), Optional.ofNullable(batchNorm), Optional.ofNullable(activation),
                Optional.ofNullable(pool), Optional.ofNullable(dropout), Optional.ofNullable(repeat),
                suppressed, ref);
    }
}
