package dev.kiln.bench.micro;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;
/**
 * conv2d and conv2d_bp with NCHW arguments on arrays whose memory is NHWC (permuted views, as
 * PyTorch's channels_last): the same results as on NCHW memory? how fast? Arguments: channels,
 * side (batch 128, 3×3, stride 1); medians of 15 after 5. Run from the repository root:
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.ConvStrided 16 28
 */
public class ConvStrided {
    static double med(Runnable r){ for(int i=0;i<5;i++) r.run(); double[] t=new double[15]; for(int i=0;i<t.length;i++){long t0=System.nanoTime(); r.run(); t[i]=(System.nanoTime()-t0)/1e6;} Arrays.sort(t); return t[7]; }
    public static void main(String[] a) {
        int b = 128, c = Integer.parseInt(a[0]), side = Integer.parseInt(a[1]);
        int[] args = {3,3,1,1,1,1,1,1,0,0,1};
        INDArray w = Nd4j.rand(DataType.FLOAT, c, c, 3, 3), dw = w.ulike(), dw2 = w.ulike();
        INDArray x = Nd4j.rand(DataType.FLOAT, b, c, side, side), y = x.ulike(), dy = Nd4j.rand(DataType.FLOAT, b, c, side, side), dx = x.ulike();
        // the same values, stored NHWC, seen as NCHW
        INDArray xs = Nd4j.create(DataType.FLOAT, b, side, side, c).permute(0, 3, 1, 2); xs.assign(x);
        INDArray dys = Nd4j.create(DataType.FLOAT, b, side, side, c).permute(0, 3, 1, 2); dys.assign(dy);
        INDArray ys = Nd4j.create(DataType.FLOAT, b, side, side, c).permute(0, 3, 1, 2);
        INDArray dxs = Nd4j.create(DataType.FLOAT, b, side, side, c).permute(0, 3, 1, 2);
        DynamicCustomOp f1 = DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y).addIntegerArguments(args).build();
        DynamicCustomOp f2 = DynamicCustomOp.builder("conv2d").addInputs(xs, w).addOutputs(ys).addIntegerArguments(args).build();
        DynamicCustomOp b1 = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, dy).addOutputs(dx, dw).addIntegerArguments(args).build();
        DynamicCustomOp b2 = DynamicCustomOp.builder("conv2d_bp").addInputs(xs, w, dys).addOutputs(dxs, dw2).addIntegerArguments(args).build();
        Nd4j.exec(f1); Nd4j.exec(f2); Nd4j.exec(b1); Nd4j.exec(b2);
        System.out.printf("max |y - ys| %.3g, |dx - dxs| %.3g, |dw - dw2| %.3g (|y| max %.3g)%n", y.sub(ys).amaxNumber().doubleValue(), dx.sub(dxs).amaxNumber().doubleValue(), dw.sub(dw2).amaxNumber().doubleValue(), y.amaxNumber().doubleValue());
        System.out.printf("ys ordering %s strides %s%n", ys.ordering(), Arrays.toString(ys.stride()));
        for (int r = 0; r < 2; r++)
            System.out.printf("fwd NCHW %.2f ms, NHWC-strided %.2f ms | bp NCHW %.2f, NHWC-strided %.2f ms%n", med(() -> Nd4j.exec(f1)), med(() -> Nd4j.exec(f2)), med(() -> Nd4j.exec(b1)), med(() -> Nd4j.exec(b2)));
    }
}
