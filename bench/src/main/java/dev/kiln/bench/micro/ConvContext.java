package dev.kiln.bench.micro;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;
/**
 * What an ND4J op's set-up costs per call: conv2d and conv2d_bp run by {@code Nd4j.exec(op)},
 * which builds a native context each call, against {@code exec(op, context)} with a context built
 * once (as Kiln's Conv2d does); medians of 301 calls after 200. Arguments: batch, channels, side.
 * Run from the repository root after ./kiln has built Kiln:
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.ConvContext 2 4 7
 */
public class ConvContext {
    static double med(Runnable r){ for(int i=0;i<200;i++) r.run(); double[] t=new double[301]; for(int i=0;i<t.length;i++){long t0=System.nanoTime(); r.run(); t[i]=(System.nanoTime()-t0)/1e3;} Arrays.sort(t); return t[150]; }
    public static void main(String[] a) {
        int b = Integer.parseInt(a[0]), c = Integer.parseInt(a[1]), side = Integer.parseInt(a[2]);
        INDArray x = Nd4j.rand(DataType.FLOAT, b, c, side, side), w = Nd4j.rand(DataType.FLOAT, c, c, 3, 3), y = x.ulike(), dy = x.ulike(), dx = x.ulike(), dw = w.ulike();
        int[] args = {3,3,1,1,1,1,1,1,0,0,1};
        DynamicCustomOp f = DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y).addIntegerArguments(args).build();
        DynamicCustomOp bp = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, dy).addOutputs(dx, dw).addIntegerArguments(args).build();
        OpContext ctxF = Nd4j.getExecutioner().buildContext();
        ctxF.setInputArrays(x, w); ctxF.setOutputArrays(y); ctxF.setIArguments(Arrays.stream(args).asLongStream().toArray());
        OpContext ctxB = Nd4j.getExecutioner().buildContext();
        ctxB.setInputArrays(x, w, dy); ctxB.setOutputArrays(dx, dw); ctxB.setIArguments(Arrays.stream(args).asLongStream().toArray());
        for (int r = 0; r < 2; r++) {
            System.out.printf("fwd exec(op) %.1f us, exec(op, ctx) %.1f us | bp exec(op) %.1f us, exec(op, ctx) %.1f us%n",
                med(() -> Nd4j.exec(f)), med(() -> Nd4j.getExecutioner().exec(f, ctxF)), med(() -> Nd4j.exec(bp)), med(() -> Nd4j.getExecutioner().exec(bp, ctxB)));
        }
        INDArray y2 = x.ulike(); Nd4j.getExecutioner().exec(f, ctxF); Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y2).addIntegerArguments(args).build());
        System.out.println("same result: " + y.equalsWithEps(y2, 0));
    }
}
