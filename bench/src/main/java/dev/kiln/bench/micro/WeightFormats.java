package dev.kiln.bench.micro;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;
/**
 * ND4J's channels-last conv2d / conv2d_bp on ResNet-20's three 3×3 stride-1 shapes at batch 128,
 * with the weights in each of ND4J's formats: 0 [k,k,C,F], 1 [F,C,k,k] (PyTorch's, Kiln's), 2
 * [F,k,k,C]; medians of 15 runs after 5. Run from the repository root after ./kiln has built
 * Kiln, in the launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.WeightFormats
 */
public class WeightFormats {
    static double med(Runnable r) { for (int i=0;i<5;i++) r.run(); double[] t=new double[15]; for(int i=0;i<t.length;i++){long t0=System.nanoTime(); r.run(); t[i]=(System.nanoTime()-t0)/1e6;} Arrays.sort(t); return t[t.length/2]; }
    public static void main(String[] a) {
        int b = 128;
        int[][] shapes = {{16,16,28,3,1,6},{32,32,14,3,1,5},{64,64,7,3,1,5}};
        for (int[] s : shapes) {
            int ci=s[0], co=s[1], side=s[2], k=s[3], st=s[4]; int p=k/2; int o=(side+2*p-k)/st+1;
            INDArray w1 = Nd4j.rand(DataType.FLOAT, co, ci, k, k), dw1 = w1.ulike();
            INDArray w0 = Nd4j.rand(DataType.FLOAT, k, k, ci, co), dw0 = w0.ulike();
            INDArray w2 = Nd4j.rand(DataType.FLOAT, co, k, k, ci), dw2 = w2.ulike();
            INDArray xl = Nd4j.rand(DataType.FLOAT, b, side, side, ci), yl = Nd4j.create(DataType.FLOAT, b, o, o, co), dyl = Nd4j.rand(DataType.FLOAT, b, o, o, co), dxl = xl.ulike();
            double[] r = new double[6]; int i = 0;
            for (int fmt = 0; fmt < 3; fmt++) {
                INDArray w = fmt == 0 ? w0 : fmt == 1 ? w1 : w2, dw = fmt == 0 ? dw0 : fmt == 1 ? dw1 : dw2;
                int[] args = {k,k,st,st,p,p,1,1,0,1,fmt};
                DynamicCustomOp f = DynamicCustomOp.builder("conv2d").addInputs(xl, w).addOutputs(yl).addIntegerArguments(args).build();
                DynamicCustomOp bp = DynamicCustomOp.builder("conv2d_bp").addInputs(xl, w, dyl).addOutputs(dxl, dw).addIntegerArguments(args).build();
                r[i++] = med(() -> Nd4j.exec(f)); r[i++] = med(() -> Nd4j.exec(bp));
            }
            System.out.printf("%d->%d @%d  fmt0 [k,k,C,F] %.2f/%.2f  fmt1 [F,C,k,k] %.2f/%.2f  fmt2 [F,k,k,C] %.2f/%.2f%n", ci, co, side, r[0], r[1], r[2], r[3], r[4], r[5]);
        }
    }
}
