package dev.kiln.processor.resolve;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.LayerDecl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The name-level checks of one declaration: every parameter names a layer or {@code input},
 * no cycles, something reads {@code input}, every layer but the last is read. Yields the
 * layers in an order where each follows the layers it reads.
 */
final class Wiring {
    private Wiring() {}

    /** The layers in dependency order, or empty when names or cycles are wrong (reported). */
    static Optional<List<LayerDecl>> order(Declaration d, Report report) {
        Map<String, LayerDecl> byName = new LinkedHashMap<>();
        d.layers().forEach(l -> byName.put(l.name(), l));
        boolean ok = true;
        boolean readsInput = false;
        Set<String> read = new HashSet<>();
        for (LayerDecl layer : d.layers()) {
            for (LayerDecl.Param p : layer.inputs()) {
                read.add(p.name());
                if (p.name().equals(Graph.INPUT)) {
                    readsInput = true;
                } else if (!byName.containsKey(p.name())) {
                    String hint = Suggestions.closest(p.name(), candidates(byName.keySet(), layer.name()))
                            .map(s -> "; did you mean '" + s + "'?").orElse(".");
                    report.error(Code.UNKNOWN_INPUT, p.ref(), layer.name(), p.name(), d.simpleName(), hint);
                    ok = false;
                }
            }
        }
        if (!d.layers().isEmpty() && !readsInput) {
            report.error(Code.NO_INPUT, d.ref(), d.simpleName(), d.simpleName());
            ok = false;
        }
        List<LayerDecl> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (LayerDecl layer : d.layers()) {
            List<String> path = new ArrayList<>();
            if (!visit(layer, byName, done, path, ordered, report)) {
                ok = false;
                break;
            }
        }
        if (ok) {
            unused(d, read, report);
        }
        return ok ? Optional.of(ordered) : Optional.empty();
    }

    private static Set<String> candidates(Set<String> names, String self) {
        Set<String> c = new HashSet<>(names);
        c.remove(self);
        c.add(Graph.INPUT);
        return c;
    }

    private static boolean visit(LayerDecl layer, Map<String, LayerDecl> byName, Set<String> done,
                                 List<String> path, List<LayerDecl> ordered, Report report) {
        if (done.contains(layer.name())) {
            return true;
        }
        int at = path.indexOf(layer.name());
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(layer.name());
            report.error(Code.LAYER_CYCLE, byName.get(cycle.get(0)).ref(), cycle.get(0), String.join(" → ", cycle));
            return false;
        }
        path.add(layer.name());
        for (LayerDecl.Param p : layer.inputs()) {
            LayerDecl source = byName.get(p.name());
            if (source != null && !visit(source, byName, done, path, ordered, report)) {
                return false;
            }
        }
        path.remove(path.size() - 1);
        done.add(layer.name());
        ordered.add(layer);
        return true;
    }

    private static void unused(Declaration d, Set<String> read, Report report) {
        List<LayerDecl> layers = d.layers();
        for (int i = 0; i < layers.size() - 1; i++) {
            LayerDecl layer = layers.get(i);
            if (!read.contains(layer.name())) {
                Set<String> silenced = new HashSet<>(layer.suppressed());
                silenced.addAll(d.suppressed());
                report.warning(Code.UNUSED_LAYER, layer.ref(), silenced, layer.name(), layer.name(), d.kind().word());
            }
        }
    }
}
