package dev.kiln.processor.plan;

/**
 * The runtime's kernels that a plan calls, by the simple name of their class in
 * {@code dev.kiln.runtime.kernels}. A kernel is called on an instance the network keeps (it
 * holds prepared ops, saved statistics or a random stream) or statically.
 */
public enum Kernel {
    CONV2D("Conv2d", true),
    BATCH_NORM("BatchNorm", true),
    CONV_BATCH_NORM("ConvBatchNorm", true),
    DENSE("Dense", false),
    RELU("Relu", false),
    LEAKY_RELU("LeakyRelu", false),
    TANH("Tanh", false),
    SIGMOID("Sigmoid", false),
    ADD("Add", false),
    CONCAT("Concat", false),
    GRAD("Grad", false),
    MAX_POOL("MaxPool2d", true),
    AVG_POOL("AvgPool2d", true),
    GLOBAL_MAX_POOL("GlobalMaxPool", true),
    GLOBAL_AVG_POOL("GlobalAvgPool", false),
    GLOBAL_AVG_POOL_CHANNELS_LAST("GlobalAvgPoolChannelsLast", false),
    DROPOUT("Dropout", true),
    ZERO_PAD_SHORTCUT("ZeroPadShortcut", false);

    private final String className;
    private final boolean instanced;

    Kernel(String className, boolean instanced) {
        this.className = className;
        this.instanced = instanced;
    }

    /** The kernel's class: {@code Conv2d}. */
    public String className() {
        return className;
    }

    /** Whether the network keeps an instance of it (a field) rather than calling it statically. */
    public boolean instanced() {
        return instanced;
    }
}
