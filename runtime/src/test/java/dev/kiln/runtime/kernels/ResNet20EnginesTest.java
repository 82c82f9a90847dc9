package dev.kiln.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.runtime.kernels.batchnorm.BatchNormEngine;
import dev.kiln.runtime.kernels.conv.ConvEngine;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which engine each family picks for every layer of ResNet-20 on 1×28×28 images, channels last,
 * float32, called as the generated code calls its kernels (samples' {@code KilnResNet20}): no
 * convolution bias, the stem's backward without dx, a projection shortcut's 1×1 convolution
 * adding into its input's gradient, batch norm with its ReLU fused and a block's last one with
 * the shortcut added. Where oneDNN loads (Linux x86-64) the convolutions run on it, and off
 * {@code conv2d_bp}; elsewhere on ND4J's ops, but for the two backward engines that need no oneDNN.
 */
class ResNet20EnginesTest {
    /** One convolution of ResNet-20, channels last: c → f channels at side × side, k×k, stride s, padding k/2. */
    private record Layer(String name, int c, int f, int side, int k, int s, ConvEngine.Backward backward) {
        int out() {
            return (side + 2 * (k / 2) - k) / s + 1;
        }
    }

    private static final boolean DNNL = Dnnl.available();
    private static final ConvEngine.Backward SPLIT_BY_FORWARD = DNNL ? ConvEngine.Backward.SPLIT_DX_BY_FORWARD
            : ConvEngine.Backward.ND4J_CONV2D_BP;
    private static final ConvEngine.Backward SPLIT_BY_ONEDNN = DNNL ? ConvEngine.Backward.SPLIT_DX_BY_ONEDNN
            : ConvEngine.Backward.ND4J_CONV2D_BP;

    private static final List<Layer> LAYERS = List.of(
            new Layer("stem 3×3 1→16", 1, 16, 28, 3, 1, ConvEngine.Backward.STEM_WEIGHT_GRADIENT),
            new Layer("stage1 3×3 16→16", 16, 16, 28, 3, 1, SPLIT_BY_FORWARD),
            new Layer("stage2.0 3×3 16→32 stride 2", 16, 32, 28, 3, 2, SPLIT_BY_ONEDNN),
            new Layer("stage2 projection 1×1 16→32 stride 2", 16, 32, 28, 1, 2, ConvEngine.Backward.POINTWISE_MATMUL),
            new Layer("stage2 3×3 32→32", 32, 32, 14, 3, 1, SPLIT_BY_FORWARD),
            new Layer("stage3.0 3×3 32→64 stride 2", 32, 64, 14, 3, 2, SPLIT_BY_ONEDNN),
            new Layer("stage3 projection 1×1 32→64 stride 2", 32, 64, 14, 1, 2, ConvEngine.Backward.POINTWISE_MATMUL),
            new Layer("stage3 3×3 64→64", 64, 64, 7, 3, 1, SPLIT_BY_FORWARD));

    @ParameterizedTest
    @ValueSource(ints = {32, 128})
    void convolutionsRunOnTheseEngines(int n) {
        ConvEngine.Forward forward = DNNL ? ConvEngine.Forward.ONEDNN : ConvEngine.Forward.ND4J_CONV2D;
        for (Layer l : LAYERS) {
            Conv2d conv = new Conv2d(l.k(), l.s(), l.k() / 2, 1, true);
            INDArray x = Nd4j.zeros(DataType.FLOAT, n, l.side(), l.side(), l.c());
            INDArray w = Nd4j.zeros(DataType.FLOAT, l.f(), l.c(), l.k(), l.k());
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, l.out(), l.out(), l.f());
            INDArray dx = l.c() == 1 ? null : x.ulike(); // nobody needs the network input's gradient
            String what = l.name() + ", batch " + n;
            assertEquals(forward, conv.forwardEngineFor(x, w, null, y), what + ": forward");
            assertEquals(l.backward(), conv.backwardEngineFor(x, w, y.ulike(), dx, w.ulike(), null), what + ": backward");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32, 128})
    void atInferenceEachConvolutionAndItsBatchNormRunFolded(int n) {
        ConvEngine.Folded folded = DNNL ? ConvEngine.Folded.ONEDNN_FOLDED : ConvEngine.Folded.UNFOLDED;
        for (Layer l : LAYERS) {
            ConvBatchNorm fold = new ConvBatchNorm(new Conv2d(l.k(), l.s(), l.k() / 2, 1, true), new BatchNorm(0.1, 1e-5, true));
            INDArray x = Nd4j.zeros(DataType.FLOAT, n, l.side(), l.side(), l.c());
            INDArray w = Nd4j.zeros(DataType.FLOAT, l.f(), l.c(), l.k(), l.k());
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, l.out(), l.out(), l.f());
            INDArray[] stats = {Nd4j.ones(DataType.FLOAT, l.f()), Nd4j.zeros(DataType.FLOAT, l.f()), Nd4j.zeros(DataType.FLOAT, l.f()),
                Nd4j.ones(DataType.FLOAT, l.f())};
            String what = l.name() + ", batch " + n;
            assertEquals(folded, fold.engineFor(x, w, null, stats[0], stats[1], stats[2], stats[3], y.ulike(), null, y), what);
            assertEquals(folded, fold.engineFor(x, w, null, stats[0], stats[1], stats[2], stats[3], y.ulike(), y.ulike(), y),
                    what + " + shortcut");
        }
    }

    /**
     * Batch norm in training runs on oneDNN where it loads, but for a block's last one, whose
     * forward adds the shortcut in the Java loops; its backward, and a backward through a ReLU
     * after a forward that ran on oneDNN, go to oneDNN again.
     */
    @ParameterizedTest
    @ValueSource(ints = {32, 128})
    void batchNormsRunOnOneDnnButTheShortcutsForward(int n) {
        BatchNormEngine onednn = Dnnl.available() ? BatchNormEngine.ONEDNN : BatchNormEngine.ROWS_FLOAT;
        for (int[] stage : new int[][] {{16, 28}, {32, 14}, {64, 7}}) {
            BatchNorm bn = new BatchNorm(0.1, 1e-5, true);
            INDArray x = Nd4j.rand(DataType.FLOAT, n, stage[1], stage[1], stage[0]);
            INDArray y = x.ulike();
            INDArray gamma = Nd4j.ones(DataType.FLOAT, stage[0]), beta = Nd4j.zeros(DataType.FLOAT, stage[0]);
            String what = stage[0] + " channels at " + stage[1] + "×" + stage[1] + ", batch " + n;
            assertEquals(onednn, bn.forwardEngineFor(x, null, y), what + ": forward (+ ReLU)");
            assertEquals(BatchNormEngine.ROWS_FLOAT, bn.forwardEngineFor(x, x.ulike(), y), what + ": forward + shortcut + ReLU");
            assertEquals(onednn, bn.backwardEngineFor(x, null, x.ulike(), x.ulike()), what + ": backward");
            assertEquals(BatchNormEngine.ROWS_FLOAT, bn.backwardEngineFor(x, y, x.ulike(), x.ulike()),
                    what + ": backward through a ReLU whose mask no forward kept");
            bn.forwardTrain(x, gamma, beta, Nd4j.zeros(DataType.FLOAT, stage[0]), Nd4j.ones(DataType.FLOAT, stage[0]), y, true);
            assertEquals(onednn, bn.backwardEngineFor(x, y, x.ulike(), x.ulike()), what + ": backward of BN + ReLU");
        }
    }

    /** The same layers in NCHW, or in float64 (the gradient checks), take the ND4J ops and the other batch norm engines. */
    @Test
    void theirNchwAndFloat64TwinsDoNot() {
        int n = 32;
        for (Layer l : LAYERS) {
            Conv2d conv = new Conv2d(l.k(), l.s(), l.k() / 2, 1);
            INDArray x = Nd4j.zeros(DataType.FLOAT, n, l.c(), l.side(), l.side());
            INDArray w = Nd4j.zeros(DataType.FLOAT, l.f(), l.c(), l.k(), l.k());
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, l.f(), l.out(), l.out());
            assertEquals(ConvEngine.Forward.ND4J_CONV2D, conv.forwardEngineFor(x, w, null, y), l.name() + " NCHW: forward");
            assertEquals(ConvEngine.Backward.ND4J_CONV2D_BP, conv.backwardEngineFor(x, w, y.ulike(), l.c() == 1 ? null : x.ulike(),
                    w.ulike(), null), l.name() + " NCHW: backward");
        }
        BatchNorm nchw = new BatchNorm(0.1, 1e-5);
        INDArray x = Nd4j.zeros(DataType.FLOAT, n, 16, 28, 28);
        assertEquals(BatchNormEngine.NCHW_FLOAT, nchw.forwardEngineFor(x, null, x.ulike()), "NCHW batch norm");
        INDArray x64 = Nd4j.zeros(DataType.DOUBLE, n, 28, 28, 16);
        assertEquals(BatchNormEngine.GENERIC, new BatchNorm(0.1, 1e-5, true).forwardEngineFor(x64, null, x64.ulike()),
                "float64 batch norm");
        Conv2d conv = new Conv2d(3, 1, 1, 1, true);
        INDArray w64 = Nd4j.zeros(DataType.DOUBLE, 16, 16, 3, 3);
        assertEquals(ConvEngine.Backward.ND4J_CONV2D_BP, conv.backwardEngineFor(x64, w64, x64.ulike(), x64.ulike(), w64.ulike(), null),
                "float64 convolution");
    }
}
