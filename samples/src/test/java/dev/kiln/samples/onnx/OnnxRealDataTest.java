package dev.kiln.samples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.runtime.data.DataLocator;
import dev.kiln.runtime.train.BatchSource;
import dev.kiln.runtime.train.CosineSchedule;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.models.KilnResNet20;
import dev.kiln.samples.training.FashionMnistRun;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A ResNet-20 trained for one epoch on Fashion-MNIST, exported, and run by ONNX Runtime on the
 * first 1,000 test images: the same predicted class as Kiln's {@code predict} on every one.
 * Runs where the data set is on this machine (Debian's package, {@code $KILN_DATA} or Kiln's
 * cache); it fetches nothing.
 */
class OnnxRealDataTest {
    private static final int IMAGES = 1000;

    @TempDir
    Path dir;

    @Test
    void onnxRuntimePredictsTheSameClassesAsKilnOnRealImages() throws Exception {
        Optional<Path> data = DataLocator.standard(Optional.empty()).find();
        assumeTrue(data.isPresent(), "Fashion-MNIST is not on this machine (apt-get install dataset-fashion-mnist)");
        KilnResNet20 net = KilnResNet20.create(42);
        try (FashionMnistRun run = new FashionMnistRun(data, 0, IMAGES, 128, 42, false)) {
            new Trainer(net, new Sgd(0.1, 0.9, true, 5e-4), new CosineSchedule(0.1, 0, 1),
                    new Trainer.Config(1, 0, 0, 0, 42)).fit(run.train(), run.test(), 1);
            Path file = dir.resolve("resnet20.onnx");
            net.exportOnnx(file);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            int same = 0, seen = 0;
            try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
                for (Iterator<BatchSource.Batch> it = run.test().epoch(1); it.hasNext(); ) {
                    INDArray images = it.next().images();
                    long[] kiln = net.predict(images).argMax(1).toLongVector();
                    float[] pixels = images.dup('c').data().asFloat();
                    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), images.shape());
                         OrtSession.Result r = session.run(Map.of("input", x))) {
                        float[][] logits = (float[][]) r.get(0).getValue();
                        for (int i = 0; i < logits.length; i++) {
                            same += argMax(logits[i]) == kiln[i] ? 1 : 0;
                            seen++;
                        }
                    }
                }
            }
            System.out.printf("OnnxRealDataTest: ONNX Runtime and Kiln predict the same class on %d of %d test images%n", same, seen);
            assertEquals(IMAGES, seen);
            assertEquals(seen, same, "images where ONNX Runtime's class differs from Kiln's");
        }
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
