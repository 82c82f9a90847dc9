package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a network. The annotated interface lists the network's layers as abstract methods;
 * Kiln's annotation processor checks it at compile time and generates a class {@code KilnX}
 * for an interface {@code X}.
 *
 * <p>Data flows by name: a method parameter named {@code stem} takes the output of method
 * {@code stem}, and a parameter named {@code input} takes the model's input. The last declared
 * method is the model's output.
 *
 * <pre>{@code
 * @Model(input = @Input(channels = 1, height = 28, width = 28), params = 272_186)
 * public interface ResNet20 {
 *     @Conv(filters = 16, kernel = 3) @BatchNorm @Relu
 *     INDArray stem(INDArray input);
 *     ...
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {
    /** Marks {@link #params()} as not given: the parameter count is not checked. */
    long ANY_PARAMS = -1;

    /** The shape of one input example; the batch dimension is not part of it. */
    Input input();

    /**
     * The number of trainable parameters the author expects. When given, the build fails if
     * the declaration's inferred count differs, and the error states both numbers. BN running
     * statistics are state, not parameters, and are not counted.
     */
    long params() default ANY_PARAMS;

    /** The training loss applied to the output (the logits). */
    Loss loss() default Loss.SOFTMAX_CROSS_ENTROPY;
}
