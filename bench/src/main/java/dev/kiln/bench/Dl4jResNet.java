package dev.kiln.bench;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The benchmark's ResNets as a DL4J user builds them: a {@link ComputationGraph} of DL4J's own
 * layers with its defaults (workspaces on, NCHW), the same architecture as Kiln's samples
 * (conv without bias → batch norm → ReLU units; basic blocks added to an identity or a 1×1
 * projection + BN shortcut, then ReLU; global average pooling; dense + softmax cross-entropy),
 * SGD with Nesterov momentum 0.9, learning rate 0.1 and L2 5e-4, as {@code Sgd(0.1, 0.9, true, 5e-4)}.
 */
public final class Dl4jResNet {
    private Dl4jResNet() {}

    /** A new, initialised float32 graph for {@code model}. */
    public static ComputationGraph create(BenchModel model, long seed) {
        ComputationGraph graph = new ComputationGraph(configuration(model, seed));
        graph.init();
        return graph;
    }

    static ComputationGraphConfiguration configuration(BenchModel model, long seed) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Nesterovs(0.1, 0.9))
                .l2(5e-4)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(BenchModel.SIDE, BenchModel.SIDE, BenchModel.CHANNELS));
        String x = unit(g, "stem", "input", 16, 1, 3, true);
        int width = 16;
        int[] widths = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
            for (int block = 0; block < model.blocksPerStage(); block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                x = basicBlock(g, "stage" + (stage + 1) + "." + block, x, widths[stage], stride, width != widths[stage] || stride != 1);
                width = widths[stage];
            }
        }
        g.addLayer("pooled", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        g.addLayer("logits", new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nOut(BenchModel.CLASSES).build(), "pooled");
        return g.setOutputs("logits").build();
    }

    /** conv3x3-BN-ReLU-conv3x3-BN, added to the shortcut (a 1×1 conv + BN when {@code project}), then ReLU. */
    private static String basicBlock(GraphBuilder g, String name, String in, int filters, int stride, boolean project) {
        String conv1 = unit(g, name + ".conv1", in, filters, stride, 3, true);
        String conv2 = unit(g, name + ".conv2", conv1, filters, 1, 3, false);
        String shortcut = project ? unit(g, name + ".shortcut", in, filters, stride, 1, false) : in;
        g.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), conv2, shortcut);
        g.addLayer(name + ".relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + ".add");
        return name + ".relu";
    }

    /** Convolution (no bias, padding k/2) → batch norm → optional ReLU; returns the last layer's name. */
    private static String unit(GraphBuilder g, String name, String in, int filters, int stride, int kernel, boolean relu) {
        g.addLayer(name + ".conv", new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                .padding(kernel / 2, kernel / 2).nOut(filters).hasBias(false).activation(Activation.IDENTITY).build(), in);
        g.addLayer(name + ".bn", new BatchNormalization.Builder().build(), name + ".conv");
        if (!relu) {
            return name + ".bn";
        }
        g.addLayer(name + ".relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + ".bn");
        return name + ".relu";
    }

    /**
     * Trainable parameters: DL4J's {@code numParams()} also counts batch norm's running mean and
     * variance, which Kiln (like PyTorch) keeps as state; this leaves them out.
     */
    public static long trainableParameters(ComputationGraph graph) {
        long n = 0;
        for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            String key = e.getKey().substring(e.getKey().lastIndexOf('_') + 1);
            if (!key.equals(BatchNormalizationParamInitializer.GLOBAL_MEAN) && !key.equals(BatchNormalizationParamInitializer.GLOBAL_VAR)
                    && !key.equals(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
                n += e.getValue().length();
            }
        }
        return n;
    }
}
