package dev.kiln.processor.plan;

import dev.kiln.processor.shape.Shape;

/** {@code @Flatten} of a map: a view of the same memory as a vector; backward is the same view of the gradient. */
final class FlattenRule implements PartRule {
    @Override
    public boolean applies(UnitDraft u) {
        return u.layer.flatten().isPresent() && u.shape.isMap();
    }

    @Override
    public void plan(UnitDraft u) {
        u.shape = Shape.vector((int) u.shape.size());
        String x = u.current;
        u.current = u.buffers.view(u.name, "Flat", x, u.shape);
        u.backward.add((ops, dOut) -> u.gradientOrNull(x));
    }
}
