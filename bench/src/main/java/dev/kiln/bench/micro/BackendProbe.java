package dev.kiln.bench.micro;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J native backend is loaded, and how fast it runs one representative convolution
 * (3×3, 16→16 channels, batch 128, 32×32, float32): forward and backward, median of repeats.
 * Run with {@code -Dkiln.native=…} to time one build (docs/performance.md, "ND4J's native
 * builds"). Not a test: it prints.
 */
public final class BackendProbe {
    private BackendProbe() {}

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Nd4j.getRandom().setSeed(1);
        System.out.println("backend: " + Nd4j.getExecutioner().getClass().getSimpleName()
                + ", environment: " + Nd4j.getExecutioner().getEnvironmentInformation());
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 16, 32, 32);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 16, 16);
        INDArray y = Nd4j.create(DataType.FLOAT, 128, 16, 32, 32);
        INDArray dy = Nd4j.rand(DataType.FLOAT, 128, 16, 32, 32);
        INDArray dx = Nd4j.create(DataType.FLOAT, 128, 16, 32, 32);
        INDArray dw = Nd4j.create(DataType.FLOAT, 3, 3, 16, 16);
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW, weight format [kH,kW,iC,oC]
        int[] conf = {3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 0};
        DynamicCustomOp forward = DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y)
                .addIntegerArguments(conf).build();
        DynamicCustomOp backward = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, dy).addOutputs(dx, dw)
                .addIntegerArguments(conf).build();
        double[] f = time(() -> Nd4j.exec(forward), repeats);
        double[] b = time(() -> Nd4j.exec(backward), repeats);
        System.out.printf(Locale.ROOT, "conv2d 3x3 16->16 [128,16,32,32]: forward median %.1f ms (min %.1f), "
                + "conv2d_bp median %.1f ms (min %.1f)%n", f[0], f[1], b[0], b[1]);
    }

    private static double[] time(Runnable op, int repeats) {
        for (int i = 0; i < 3; i++) {
            op.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[repeats / 2], ms[0]};
    }
}
