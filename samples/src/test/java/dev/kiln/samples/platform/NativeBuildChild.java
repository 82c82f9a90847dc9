package dev.kiln.samples.platform;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.kernels.Conv2d;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.SampleModel;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child JVM of {@link NativeBuildAgreementTest}: touches ND4J first (so the choice of native
 * build is the runtime's own, made in ND4J's backend loading), prints the JNI library JavaCPP
 * loaded, then for LeNet (ND4J's NCHW convolutions) and the one-block ResNet (channels last,
 * oneDNN called directly) the logits of a fixed batch, the loss of one SGD step on it, and the
 * logits after that step.
 */
public final class NativeBuildChild {
    private NativeBuildChild() {}

    public static void main(String[] args) {
        Nd4j.zeros(DataType.FLOAT, 1);
        System.out.println("library " + Loader.getLoadedLibraries().get("jnind4jcpu"));
        System.out.println("convolutions " + Conv2d.backwardEngine());
        for (SampleModel model : List.of(SampleModel.LENET, SampleModel.ONEBLOCK)) {
            Network net = model.create(7);
            long[] shape = net.inputShape();
            int n = 4;
            Random random = new Random(11);
            float[] pixels = new float[(int) (n * shape[0] * shape[1] * shape[2])];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
            }
            INDArray x = Nd4j.create(pixels, new long[] {n, shape[0], shape[1], shape[2]}, DataType.FLOAT);
            INDArray y = Nd4j.create(new float[] {1, 3, 5, 7}, new long[] {n}, DataType.FLOAT);
            System.out.println("predict " + model.id() + " " + values(net.predict(x)));
            System.out.printf(Locale.ROOT, "loss %s %.9g%n", model.id(), net.trainStep(x, y, new Sgd(0.05, 0.9, true, 5e-4)));
            System.out.println("after " + model.id() + " " + values(net.predict(x)));
        }
    }

    private static String values(INDArray a) {
        StringJoiner j = new StringJoiner(" ");
        for (float v : a.dup().data().asFloat()) {
            j.add(String.format(Locale.ROOT, "%.9g", v));
        }
        return j.toString();
    }
}
