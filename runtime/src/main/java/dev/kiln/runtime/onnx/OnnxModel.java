package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.AtomicFile;
import dev.kiln.runtime.train.Parameter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's inference graph as an ONNX model: input {@code input} {@code [N,C,H,W]} float32
 * with a symbolic batch {@code N}, output {@code logits} {@code [N,classes]}, the parameters
 * and running statistics as initializers under Kiln's names, the layer table as the doc string.
 *
 * <p>Opset 13 (ONNX 1.8, IR version 7): every operator Kiln needs has its current form there
 * (Slice with steps and Pad with its pads as an input date from opset 11 and 13), ONNX Runtime
 * has run it since 1.6, PyTorch 1.13 exports it (its default is 14, with no change to these
 * operators), and TensorRT's and OpenVINO's ONNX readers take it.
 */
public final class OnnxModel {
    /** The ONNX operator set the graph is written in. */
    public static final int OPSET = 13;
    private static final int IR_VERSION = 7;

    private OnnxModel() {}

    /** The model of {@code net} with the nodes of {@code graph}, whose last output is the logits. */
    public static ModelProto of(Network net, OnnxGraph graph, String logits) {
        GraphProto.Builder g = GraphProto.newBuilder().setName(net.name());
        g.addInput(valueInfo("input", net.inputShape()));
        g.addOutput(valueInfo("logits", new long[] {net.classes()}));
        for (Parameter p : net.parameters()) {
            g.addInitializer(tensor(p.name(), p.value()));
        }
        for (Map.Entry<String, INDArray> s : net.state().entrySet()) {
            g.addInitializer(tensor(s.getKey(), s.getValue()));
        }
        graph.constants().forEach(g::addInitializer);
        g.addAllNode(graph.nodes());
        // The last step's output is renamed to the graph's output by an Identity, so that every step keeps its own name.
        g.addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("logits").addInput(logits)
                .addOutput("logits"));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("Kiln")
                .setModelVersion(1)
                .setDocString(net.summary())
                .setGraph(g)
                .build();
    }

    /** Writes {@code model} to {@code file} atomically: the old file, or none, until the new one is whole. */
    public static void write(ModelProto model, Path file) throws IOException {
        AtomicFile.write(file, model::writeTo);
    }

    private static ValueInfoProto valueInfo(String name, long[] exampleShape) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : exampleShape) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** {@code a} as a float32 tensor (a DOUBLE network's values are narrowed), little-endian, row-major. */
    private static TensorProto tensor(String name, INDArray a) {
        INDArray f = a.castTo(DataType.FLOAT).dup('c');
        ByteBuffer bytes = ByteBuffer.allocate(4 * (int) f.length()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : f.data().asFloat()) {
            bytes.putFloat(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : f.shape()) {
            t.addDims(d);
        }
        return t.build();
    }
}
