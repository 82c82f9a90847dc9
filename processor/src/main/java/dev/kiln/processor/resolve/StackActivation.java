package dev.kiln.processor.resolve;

import dev.kiln.dsl.PoolType;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Spec;
import java.util.List;
import java.util.Optional;

/** The activation a {@code @Stack} applies after each repeat of its block. */
final class StackActivation {
    private StackActivation() {}

    /**
     * Applies a {@code @Stack}'s ReLU after one repeat of its block, where {@code @Residual} would
     * apply it after the add: on the block's last layer, as part of that unit. A last layer (or a
     * nested residual's add) that already ends in a ReLU or a sigmoid stays as it is, since a ReLU
     * of values never negative changes nothing; one that ends in tanh or leaky ReLU, or averages
     * values that can be negative, is reported, since a ReLU after it would differ from one inside
     * the unit. Returns false when reported.
     *
     * @param nodes the nodes so far, the repeat's last among them; changed in place
     */
    static boolean apply(List<Node> nodes, String last, Spec.Repeat spec, String layer, Report report) {
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node node = nodes.get(k);
            if (!node.name().equals(last)) {
                continue;
            }
            if (node instanceof Node.Shortcut s) {
                if (!s.spec().reluAfter()) {
                    Spec.Repeat r = s.spec();
                    nodes.set(k, new Node.Shortcut(s.name(), s.inputs(), new Spec.Repeat(r.residual(), r.block(), r.filters(),
                            r.stride(), r.repeat(), r.shortcut(), true, r.ref()), s.stride(), true));
                }
                return true;
            }
            Node.Unit u = (Node.Unit) node;
            LayerDecl l = u.layer();
            // The ReLU joins the unit before its pooling and dropout. It commutes with max pooling and
            // dropout; it changes nothing after a ReLU or a sigmoid (never negative), or after an
            // average of such values; it would change tanh, leaky ReLU, and an average of signed values.
            Optional<Spec.Activation.Kind> own = l.activation().map(Spec.Activation::kind);
            boolean nonNegative = own.filter(a -> a == Spec.Activation.Kind.RELU || a == Spec.Activation.Kind.SIGMOID).isPresent();
            Optional<String> clash = own.isPresent() && !nonNegative ? Optional.of(l.activation().get().annotation())
                    : l.pool().filter(p -> p.type() == PoolType.AVG && !nonNegative).map(p -> "@Pool(type = AVG)");
            if (clash.isPresent()) {
                report.error(Code.STACK_ACTIVATION_CLASH, spec.ref().at("activation"), layer, u.name(), clash.get());
                return false;
            }
            if (nonNegative) {
                return true;
            }
            Spec.Activation relu = new Spec.Activation(Spec.Activation.Kind.RELU, 0, true, spec.ref());
            nodes.set(k, new Node.Unit(u.name(), u.inputs(), new LayerDecl(l.name(), l.inputs(), l.merge(), l.flatten(),
                    l.linear(), l.batchNorm(), Optional.of(relu), l.pool(), l.dropout(), l.repeat(), l.suppressed(), l.ref()),
                    u.declaredIn()));
            return true;
        }
        return true; // the block's output is not a node of its own (cannot happen: a block has a layer)
    }

}
