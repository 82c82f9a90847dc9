package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;

/** The runtime and ND4J types generated code names; the processor never loads them. */
final class Types {
    static final String RUNTIME = "dev.kiln.runtime";
    static final String KERNELS = "dev.kiln.runtime.kernels";
    static final ClassName NETWORK = ClassName.get(RUNTIME, "Network");
    static final ClassName INPUTS = ClassName.get(RUNTIME, "Inputs");
    static final ClassName INIT = ClassName.get(RUNTIME, "Init");
    static final ClassName GUARD = ClassName.get(RUNTIME, "ConcurrentUseGuard");
    static final ClassName NON_FINITE = ClassName.get(RUNTIME, "NonFinite");
    static final ClassName CHANNELS_LAST = ClassName.get(KERNELS, "ChannelsLast");
    static final ClassName PARAMETER = ClassName.get("dev.kiln.runtime.train", "Parameter");
    static final ClassName OPTIMIZER = ClassName.get("dev.kiln.runtime.train", "Optimizer");
    static final ClassName INDARRAY = ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
    static final ClassName DATA_TYPE = ClassName.get("org.nd4j.linalg.api.buffer", "DataType");
    static final ClassName ND4J = ClassName.get("org.nd4j.linalg.factory", "Nd4j");
    static final ClassName SOFTMAX_CE = ClassName.get(KERNELS, "SoftmaxCrossEntropy");
    static final com.palantir.javapoet.TypeName MAP_OF_ARRAYS = com.palantir.javapoet.ParameterizedTypeName.get(
            ClassName.get(java.util.Map.class), ClassName.get(String.class), INDARRAY);
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private Types() {}

    static ClassName kernel(String simpleName) {
        return ClassName.get(KERNELS, simpleName);
    }
}
