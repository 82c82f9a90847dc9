package dev.kiln.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.kiln.processor.plan.Kernel;
import java.util.Map;

/** The runtime and ND4J types generated code names; the processor never loads them. */
final class Types {
    static final String RUNTIME = "dev.kiln.runtime";
    static final String KERNELS = "dev.kiln.runtime.kernels";
    static final ClassName GENERATED_NETWORK = ClassName.get(RUNTIME, "GeneratedNetwork");
    static final ClassName FACTS = GENERATED_NETWORK.nestedClass("Facts");
    static final ClassName BUFFERS = GENERATED_NETWORK.nestedClass("Buffers");
    static final ClassName INIT = ClassName.get(RUNTIME, "Init");
    static final ClassName ONNX_GRAPH = ClassName.get(RUNTIME + ".onnx", "OnnxGraph");
    static final ClassName CHANNELS_LAST = ClassName.get(KERNELS, "ChannelsLast");
    static final ClassName SOFTMAX_CE = ClassName.get(KERNELS, "SoftmaxCrossEntropy");
    static final ClassName PARAMETER = ClassName.get("dev.kiln.runtime.train", "Parameter");
    static final ClassName INDARRAY = ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
    static final ClassName DATA_TYPE = ClassName.get("org.nd4j.linalg.api.buffer", "DataType");
    static final ClassName ND4J = ClassName.get("org.nd4j.linalg.factory", "Nd4j");
    static final TypeName MAP_OF_ARRAYS = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), INDARRAY);
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private Types() {}

    static ClassName kernel(Kernel kernel) {
        return ClassName.get(KERNELS, kernel.className());
    }
}
