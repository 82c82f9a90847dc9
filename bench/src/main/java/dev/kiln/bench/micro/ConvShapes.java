package dev.kiln.bench.micro;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;
/**
 * ResNet-20's convolution shapes at batch 128, each timed alone through ND4J's ops: conv2d and
 * conv2d_bp in NCHW (as Kiln runs them) and in NHWC, and the data gradient alone as deconv2d
 * where the shapes allow (stride 1); medians of 15 runs after 5, summed over the network's layers.
 * Run from the repository root after ./kiln has built Kiln, in the launcher's environment:
 *   MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TOP_PAD_=536870912 GOMP_SPINCOUNT=1000 \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.kiln.bench.micro.ConvShapes
 * bench/pytorch_convs.py times the same shapes in PyTorch.
 */
public class ConvShapes {
    static double med(Runnable r) { for (int i=0;i<5;i++) r.run(); double[] t=new double[15]; for(int i=0;i<t.length;i++){long t0=System.nanoTime(); r.run(); t[i]=(System.nanoTime()-t0)/1e6;} Arrays.sort(t); return t[t.length/2]; }
    public static void main(String[] a) {
        int b = 128;
        int[][] shapes = {{1,16,28,3,1,1},{16,16,28,3,1,6},{16,32,28,3,2,1},{32,32,14,3,1,5},{16,32,28,1,2,1},{32,64,14,3,2,1},{64,64,7,3,1,5},{32,64,14,1,2,1}};
        double[] tot = new double[5];
        System.out.println("in out side k s count | nchwF nchwB nhwcF nhwcB deconvNCHW (ms, medians)");
        for (int[] s : shapes) {
            int ci=s[0], co=s[1], side=s[2], k=s[3], st=s[4], cnt=s[5]; int p=k/2; int o=(side+2*p-k)/st+1;
            INDArray w = Nd4j.rand(DataType.FLOAT, co, ci, k, k), dw = w.ulike();
            int[] nchw = {k,k,st,st,p,p,1,1,0,0,1}; int[] nhwc = {k,k,st,st,p,p,1,1,0,1,1};
            INDArray x = Nd4j.rand(DataType.FLOAT, b, ci, side, side), y = Nd4j.create(DataType.FLOAT, b, co, o, o), dy = Nd4j.rand(DataType.FLOAT, b, co, o, o), dx = x.ulike();
            INDArray xl = Nd4j.rand(DataType.FLOAT, b, side, side, ci), yl = Nd4j.create(DataType.FLOAT, b, o, o, co), dyl = Nd4j.rand(DataType.FLOAT, b, o, o, co), dxl = xl.ulike();
            DynamicCustomOp f1 = DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y).addIntegerArguments(nchw).build();
            DynamicCustomOp b1 = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, dy).addOutputs(dx, dw).addIntegerArguments(nchw).build();
            DynamicCustomOp f2 = DynamicCustomOp.builder("conv2d").addInputs(xl, w).addOutputs(yl).addIntegerArguments(nhwc).build();
            DynamicCustomOp b2 = DynamicCustomOp.builder("conv2d_bp").addInputs(xl, w, dyl).addOutputs(dxl, dw).addIntegerArguments(nhwc).build();
            // deconv2d: input dy [b,co,o,o], weights [iC=co, oC=ci, k, k] format 1, output [b,ci,side,side]
            DynamicCustomOp d1 = DynamicCustomOp.builder("deconv2d").addInputs(dy, w).addOutputs(dx).addIntegerArguments(k,k,st,st,p,p,1,1,0,0,1).build();
            double t1=med(()->Nd4j.exec(f1)), t2=med(()->Nd4j.exec(b1)), t3=med(()->Nd4j.exec(f2)), t4=med(()->Nd4j.exec(b2));
            double t5; try { t5=med(()->Nd4j.exec(d1)); } catch (Exception e) { t5=-1; System.out.println("  (deconv2d: " + e.getMessage() + ")"); }
            double[] v={t1,t2,t3,t4,t5}; for(int i=0;i<5;i++) tot[i]+=cnt*v[i];
            System.out.printf("%d %d %d %d %d %d | %.2f %.2f %.2f %.2f %.2f%n", ci,co,side,k,st,cnt,t1,t2,t3,t4,t5);
        }
        System.out.printf("total: nchw %.1f + %.1f = %.1f; nhwc %.1f + %.1f = %.1f; deconv %.1f%n", tot[0],tot[1],tot[0]+tot[1],tot[2],tot[3],tot[2]+tot[3],tot[4]);
    }
}
