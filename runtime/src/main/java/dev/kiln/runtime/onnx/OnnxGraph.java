package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The inference graph of a network in ONNX operators (opset {@link OnnxModel#OPSET}), built one
 * layer step at a time by the code the processor generates: each method adds the node(s) of one
 * step, named after it ({@code stem/linear}, the name {@code Network.outputs()} gives the same
 * step), and returns the name of its output. Parameters are referred to by Kiln's names
 * ({@code stage1.0.conv1.weight}), which become the model's initializers.
 */
public final class OnnxGraph {
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> constants = new ArrayList<>();

    /** Convolution with square kernel, stride, symmetric padding and dilation; {@code bias} may be null. */
    public String conv(String step, String x, String weight, String bias, int kernel, int stride, int padding, int dilation) {
        NodeProto.Builder n = node("Conv", step, x, weight);
        if (bias != null) {
            n.addInput(bias);
        }
        ints(n, "kernel_shape", kernel, kernel);
        ints(n, "strides", stride, stride);
        ints(n, "pads", padding, padding, padding, padding);
        ints(n, "dilations", dilation, dilation);
        return add(n);
    }

    /** A dense layer, {@code y = x·wᵀ + b} with {@code w} [out, in]; {@code bias} may be null. */
    public String dense(String step, String x, String weight, String bias) {
        NodeProto.Builder n = node("Gemm", step, x, weight);
        if (bias != null) {
            n.addInput(bias);
        }
        n.addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1));
        return add(n);
    }

    /** Batch norm in its inference form, with the running statistics. */
    public String batchNorm(String step, String x, String gamma, String beta, String mean, String var, double epsilon) {
        NodeProto.Builder n = node("BatchNormalization", step, x, gamma, beta, mean, var);
        n.addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) epsilon));
        return add(n);
    }

    public String relu(String step, String x) {
        return add(node("Relu", step, x));
    }

    public String leakyRelu(String step, String x, double slope) {
        NodeProto.Builder n = node("LeakyRelu", step, x);
        n.addAttribute(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT).setF((float) slope));
        return add(n);
    }

    public String tanh(String step, String x) {
        return add(node("Tanh", step, x));
    }

    public String sigmoid(String step, String x) {
        return add(node("Sigmoid", step, x));
    }

    /** Max or average pooling over square windows; average pooling counts the padding (PyTorch's default). */
    public String pool(String step, String x, boolean max, int size, int stride, int padding) {
        NodeProto.Builder n = node(max ? "MaxPool" : "AveragePool", step, x);
        ints(n, "kernel_shape", size, size);
        ints(n, "strides", stride, stride);
        ints(n, "pads", padding, padding, padding, padding);
        if (!max) {
            n.addAttribute(AttributeProto.newBuilder().setName("count_include_pad").setType(AttributeProto.AttributeType.INT).setI(1));
        }
        return add(n);
    }

    /** Global max or average pooling to a vector per example: the pool, then a flatten. */
    public String globalPool(String step, String x, boolean max) {
        String pooled = add(node(max ? "GlobalMaxPool" : "GlobalAveragePool", step + "#pooled", x));
        return flatten(step, pooled);
    }

    /** A map flattened to a vector per example, in NCHW order. */
    public String flatten(String step, String x) {
        NodeProto.Builder n = node("Flatten", step, x);
        n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1));
        return add(n);
    }

    /** The element-wise sum of {@code xs}. */
    public String add(String step, String... xs) {
        return add(node(xs.length == 2 ? "Add" : "Sum", step, xs));
    }

    /** {@code xs} joined along the channels. */
    public String concat(String step, String... xs) {
        NodeProto.Builder n = node("Concat", step, xs);
        n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1));
        return add(n);
    }

    /**
     * The zero-padded shortcut: every {@code stride}-th position of {@code x} (a Slice), and zero
     * channels added after its own up to {@code channels} (a Pad).
     */
    public String zeroPadShortcut(String step, String x, int stride, int inChannels, int channels) {
        String starts = constant(step + "#starts", 0, 0);
        String ends = constant(step + "#ends", Long.MAX_VALUE, Long.MAX_VALUE);
        String axes = constant(step + "#axes", 2, 3);
        String steps = constant(step + "#steps", stride, stride);
        String sliced = add(node("Slice", step + "#sliced", x, starts, ends, axes, steps));
        String pads = constant(step + "#pads", 0, 0, 0, 0, 0, channels - inChannels, 0, 0);
        return add(node("Pad", step, sliced, pads));
    }

    List<NodeProto> nodes() {
        return List.copyOf(nodes);
    }

    List<TensorProto> constants() {
        return List.copyOf(constants);
    }

    private String constant(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        constants.add(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())).build());
        return name;
    }

    private static NodeProto.Builder node(String op, String step, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(step).addOutput(step);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n;
    }

    private static void ints(NodeProto.Builder n, String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        n.addAttribute(a);
    }

    private String add(NodeProto.Builder n) {
        nodes.add(n.build());
        return n.getOutput(0);
    }
}
