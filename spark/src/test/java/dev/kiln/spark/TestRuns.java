package dev.kiln.spark;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.data.Augmentation;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.train.ConstantSchedule;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.models.KilnResNet20;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The small runs the tests compare: ResNet-20 on synthetic 1×28×28 images, SGD with Nesterov momentum and weight decay. */
final class TestRuns {
    static final long SEED = 7;
    static final double LR = 0.05;

    private TestRuns() {}

    static SparkConf conf(String master) {
        return new SparkConf().setMaster(master).setAppName("kiln-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }

    /** {@code n} images of noise, ten classes, with a faint class signal so the loss moves. */
    static Dataset synthetic(int n, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) (r.nextInt(128) + (p % 10 == labels[i] ? 100 : 0));
            }
        }
        return Dataset.of("synthetic", pixels, labels, 1, 28, 28, 10);
    }

    static JavaRDD<LabeledImage> rdd(JavaSparkContext sc, Dataset d, int slices) {
        List<LabeledImage> rows = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            rows.add(new LabeledImage(d.image(i), d.label(i)));
        }
        return sc.parallelize(rows, slices);
    }

    static Optimizer sgd() {
        return new Sgd(LR, 0.9, true, 5e-4);
    }

    static Network resnet20() {
        return KilnResNet20.create(SEED);
    }

    static SparkTrainer.Data data(JavaSparkContext sc, Dataset train, Dataset test) {
        return new SparkTrainer.Data(rdd(sc, train, 3), rdd(sc, test, 2), ImageShape.of(train),
                Normalization.of(train), Augmentation.standard(28));
    }

    static SparkTrainer trainer(JavaSparkContext sc, Network net, Optimizer opt, OptimizerFactory factory, int epochs, int k,
                                int batch) {
        return new SparkTrainer(sc, TestRuns::resnet20, factory, net, opt, new ConstantSchedule(LR),
                new Trainer.Config(epochs, 0, 0, 0, SEED), new SparkTrainer.Settings(2, k, batch));
    }

    /** The largest |a − b| over every parameter, running statistic and optimizer buffer, relative to the largest |a|. */
    static double relativeDifference(Network a, Optimizer oa, Network b, Optimizer ob) {
        double diff = 0;
        double scale = 1e-30;
        for (int i = 0; i < a.parameters().size(); i++) {
            INDArray x = a.parameters().get(i).value();
            INDArray y = b.parameters().get(i).value();
            diff = Math.max(diff, x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .sub(y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber().doubleValue());
            scale = Math.max(scale, x.amaxNumber().doubleValue());
        }
        for (Map.Entry<String, INDArray> e : a.state().entrySet()) {
            INDArray y = b.state().get(e.getKey());
            diff = Math.max(diff, e.getValue().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .sub(y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber().doubleValue());
        }
        Map<String, INDArray> sb = ob.state();
        for (Map.Entry<String, INDArray> e : oa.state().entrySet()) {
            INDArray y = sb.get(e.getKey());
            if (y == null) {
                return Double.POSITIVE_INFINITY;
            }
            diff = Math.max(diff, e.getValue().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .sub(y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber().doubleValue());
        }
        return diff / scale;
    }
}
