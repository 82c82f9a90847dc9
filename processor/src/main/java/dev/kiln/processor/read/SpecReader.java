package dev.kiln.processor.read;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Bias;
import dev.kiln.dsl.PoolType;
import dev.kiln.dsl.Shortcut;
import dev.kiln.processor.model.Spec;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Turns one Kiln layer annotation into its {@link Spec}, keeping values exactly as written. */
final class SpecReader {
    private SpecReader() {}

    /** The spec for annotation {@code simpleName}, or null if the name is not a layer annotation. */
    static Spec read(String simpleName, AnnotationValues v) {
        return switch (simpleName) {
            case "Add" -> new Spec.Merge(false, v.ref());
            case "Concat" -> new Spec.Merge(true, v.ref());
            case "Flatten" -> new Spec.Flatten(v.ref());
            case "Conv" -> new Spec.Conv(v.intValue("filters"), v.intValue("kernel"), v.intValue("stride"),
                    v.intValue("padding"), v.intValue("dilation"), v.enumValue("bias", Bias.class, Bias.AUTO),
                    v.intValue("expansion"), v.ref());
            case "Dense" -> new Spec.Dense(v.intValue("units"), v.enumValue("bias", Bias.class, Bias.AUTO), v.ref());
            case "BatchNorm" -> new Spec.BatchNorm(v.doubleValue("momentum"), v.doubleValue("epsilon"), v.ref());
            case "Relu" -> new Spec.Activation(Spec.Activation.Kind.RELU, 0, v.ref());
            case "LeakyRelu" -> new Spec.Activation(Spec.Activation.Kind.LEAKY_RELU, v.doubleValue("slope"), v.ref());
            case "Tanh" -> new Spec.Activation(Spec.Activation.Kind.TANH, 0, v.ref());
            case "Sigmoid" -> new Spec.Activation(Spec.Activation.Kind.SIGMOID, 0, v.ref());
            case "Pool" -> new Spec.Pool(v.enumValue("type", PoolType.class, PoolType.MAX), v.intValue("size"),
                    v.intValue("stride"), v.intValue("padding"), v.booleanValue("global"), v.ref());
            case "Dropout" -> new Spec.Dropout(v.doubleValue("rate"), v.ref());
            case "Residual", "Stack" -> repeat(simpleName.equals("Residual"), v);
            default -> null;
        };
    }

    private static Spec.Repeat repeat(boolean residual, AnnotationValues v) {
        TypeMirror block = v.typeValue("block");
        Shortcut shortcut = residual ? v.enumValue("shortcut", Shortcut.class, Shortcut.PROJECTION) : Shortcut.IDENTITY;
        boolean relu = v.enumValue("activation", Activation.class, Activation.RELU) == Activation.RELU;
        return new Spec.Repeat(residual, blockName(block), v.intValue("filters"), v.intValue("stride"),
                v.intValue("repeat"), shortcut, relu, v.ref());
    }

    /** The canonical name of a block class; for a type javac cannot find, the name as written. */
    static String blockName(TypeMirror block) {
        if (block == null) {
            return "<missing>";
        }
        if (block instanceof DeclaredType d && d.asElement() instanceof TypeElement t
                && !AnnotationValues.isUnresolved(block)) {
            return t.getQualifiedName().toString();
        }
        return block.toString();
    }
}
