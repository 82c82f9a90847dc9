package dev.kiln.processor.diag;

/**
 * Every message Kiln's processor can print, each with a stable code ({@code [Kiln/UnknownInput]})
 * and a template in the house sentence shape: subject, rule, actual values, fix. The list with
 * an example each is {@code docs/diagnostics.md}; a code, once published, is never renamed.
 */
public enum Code {
    // --- declarations and signatures (read) ---
    NOT_AN_INTERFACE("NotAnInterface", "%s: @%s goes on an interface, but %s is %s; declare it as 'public interface %s'."),
    BLOCK_USED_AS_MODEL("BlockUsedAsModel", "%s: an interface is either a @Model or a @Block, not both; a block has no input shape of its own, so remove @Model and use it through @Residual or @Stack."),
    BAD_SIGNATURE("BadSignature", "%s: %s"),
    NO_LAYER_ANNOTATION("NoLayerAnnotation", "%s: the method has no layer annotation; add one such as @Conv, @Dense, @BatchNorm, @Relu, @Pool, @Flatten, @Add, @Residual or @Stack (a linear pass-through is not a layer)."),
    CONFLICTING_LAYERS("ConflictingLayers", "%s: %s on one method; a method is one layer unit, so split them into two methods, the second taking the first's output."),
    DUPLICATE_LAYER("DuplicateLayer", "%s: two methods are named '%s'; layer names must be unique, so rename one."),
    RESERVED_NAME("ReservedName", "%s: '%s' %s and cannot be a layer; rename the method."),
    PRIVATE_MODEL("PrivateModel", "%s: %s is private, but Kiln's generated class implements the model from outside it, in package %s; remove 'private'."),
    EMPTY_DECLARATION("EmptyDeclaration", "%s: the %s declares no layers; add at least one abstract method taking (INDArray input)."),
    MISSING_MERGE("MissingMerge", "%s: the method takes %d inputs (%s) but does not say how to merge them; add @Add (equal shapes) or @Concat (join channels)."),
    MERGE_NEEDS_TWO_INPUTS("MergeNeedsTwoInputs", "%s: @%s merges two or more inputs, but the method takes %d; add the other inputs as parameters or remove @%s."),

    // --- annotation values (check) ---
    NON_POSITIVE_VALUE("NonPositiveValue", "%s: %s must be at least 1, but is %d; %s"),
    INVALID_PADDING("InvalidPadding", "%s: %s padding must be %s, but is %d."),
    POOL_PADDING_TOO_LARGE("PoolPaddingTooLarge", "%s: @Pool padding may be at most half the window (size %d allows ≤ %d), but is %d; reduce padding or enlarge the window."),
    INVALID_DROPOUT_RATE("InvalidDropoutRate", "%s: @Dropout rate is the drop probability and must be in [0, 1), but is %s."),
    VALUE_OUT_OF_RANGE("ValueOutOfRange", "%s: %s must be %s, but is %s."),
    BLOCK_STRIDE_OUTSIDE_BLOCK("BlockStrideOutsideBlock", "%s: stride = Conv.BLOCK_STRIDE only means something inside a @Block; give a number such as stride = 2."),
    BLOCK_WIDTH_OUTSIDE_BLOCK("BlockWidthOutsideBlock", "%s: @Conv needs filters outside a @Block (only a block takes its width from @Residual or @Stack); add filters = <number of output channels>."),
    EXPANSION_NEEDS_BLOCK_WIDTH("ExpansionNeedsBlockWidth", "%s: @Conv expansion = %d multiplies the block width, but filters = %d is given; remove one of them."),

    // --- names and wiring (resolve) ---
    UNKNOWN_INPUT("UnknownInput", "%s: parameter '%s' names no layer of %s; a parameter takes the output of the method with its name, or 'input'%s"),
    LAYER_CYCLE("LayerCycle", "%s: the layers form a cycle, %s; a layer can only take outputs of layers that do not depend on it."),
    NO_INPUT("NoInput", "%s: no layer of %s takes 'input'; the first layer must have a parameter named input, as in 'INDArray stem(INDArray input)'."),
    UNUSED_LAYER("UnusedLayer", "%s: nothing takes the output of '%s', and only the last method is the %s's output; use it as a parameter, delete it, or silence this with @SuppressWarnings(\"kiln:UnusedLayer\")."),
    NOT_A_BLOCK("NotABlock", "%s: %s is not annotated @Block; @%s repeats a @Block interface, so annotate %s with @Block or name a block."),
    MISSING_BLOCK("MissingBlock", "%s: the block class %s cannot be found; check its name and imports."),
    BLOCK_WITHOUT_PARAMETER_NAMES("BlockWithoutParameterNames", "%s: block %s comes from a class file compiled without parameter names, and Kiln wires layers by parameter name; compile it with 'javac -parameters' (Maven: <maven.compiler.parameters>true</maven.compiler.parameters>)."),
    BLOCK_CYCLE("BlockCycle", "%s: blocks include each other, %s; a block cannot contain itself, directly or through another block."),
    TOO_MANY_LAYERS("TooManyLayers", "%s: %s; Kiln's generated code has a statement for every layer, field and buffer, and Java limits a method to 64 KiB of bytecode, so a model has at most %,d layers, %,d parameter, state and kernel fields and %,d activation buffers; %s"),

    // --- shapes (shape) ---
    ADD_SHAPE_MISMATCH("AddShapeMismatch", "%s: @Add needs equal shapes, but got %s; %s"),
    CONCAT_SHAPE_MISMATCH("ConcatShapeMismatch", "%s: @Concat needs inputs of equal spatial size, but got %s; %s"),
    KERNEL_TOO_LARGE("KernelTooLarge", "%s: the %s window (%d wide) does not fit the %s input padded by %d on each side, so the output would shrink to 0; use a smaller window, more padding, or less subsampling before it. Path: %s"),
    NEEDS_SPATIAL_INPUT("NeedsSpatialInput", "%s: %s needs a [N,C,H,W] input, but gets %s; move it before the flatten or global pool. Path: %s"),
    DENSE_NEEDS_VECTOR("DenseNeedsVector", "%s: @Dense needs a [N,F] input, but gets %s; add @Flatten to this method or a global @Pool before it. Path: %s"),
    RESIDUAL_SHAPE_MISMATCH("ResidualShapeMismatch", "%s: @Residual adds %s to %s; %s"),
    STACK_ACTIVATION_CLASH("StackActivationClash", "%s: @Stack applies ReLU after each repeat of its block, where @Residual applies it after the add, but the block's last layer %s ends in %s, which a ReLU after it would change; add activation = NONE to @Stack and, where a ReLU should follow, end the block with a method that has @Relu alone."),
    STACK_SHAPE_CHANGE("StackShapeChange", "%s: repeat %d of the block turns %s into %s, but only the first repeat may change the shape; use Conv.BLOCK_STRIDE for strides and the block width for filters in %s."),
    TENSOR_TOO_LARGE("TensorTooLarge", "%s: %s would hold %,d elements, but a Kiln array holds at most 2,147,483,647 (2^31 − 1) for one example or one parameter, as the runtime indexes arrays with int; %s"),
    OUTPUT_NOT_VECTOR("OutputNotVector", "%s: the output feeds softmax cross-entropy and must be class scores [N,K], but is %s; end with @Dense(units = <classes>) after a global @Pool or @Flatten."),

    // --- the whole model (check) ---
    TOO_MANY_OPERATIONS("TooManyOperations", "%s: one example needs more than %,d multiply-accumulates (%s alone needs %,d), more than Kiln counts; no machine would finish them, so use smaller kernels, fewer filters or a smaller input."),
    PARAM_COUNT_MISMATCH("ParamCountMismatch", "%s: @Model(params = %,d), but the declaration has %,d trainable parameters (%+,d); set params = %d if the layers are right, or change the layers."),

    // --- processor options ---
    INVALID_OPTION("InvalidOption", "%s: processor option %s must be %s, but is '%s'; fix or remove -A%s."),

    INTERNAL_ERROR("InternalError", "%s: Kiln's processor failed (%s); this is a bug in Kiln, please report it with this declaration.");

    private final String tag;
    private final String template;

    Code(String tag, String template) {
        this.tag = tag;
        this.template = template;
    }

    /** The stable name, as printed in brackets and used in {@code @SuppressWarnings("kiln:…")}. */
    public String tag() {
        return tag;
    }

    /** Only layers nothing reads are warnings; every other code fails the build. */
    public boolean isWarning() {
        return this == UNUSED_LAYER;
    }

    public String format(Object... args) {
        return "[Kiln/" + tag + "] " + String.format(java.util.Locale.ROOT, template, args);
    }
}
