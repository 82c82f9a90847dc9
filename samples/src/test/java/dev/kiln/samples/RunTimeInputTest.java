package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.NonFiniteLossException;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnResNet20;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input at run time gets an error that names what was expected and what came. */
class RunTimeInputTest {
    private final KilnResNet20 net = KilnResNet20.create(1);
    private final INDArray good = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
    private final INDArray labels = Nd4j.createFromArray(3, 7);

    @Test
    void wrongRank() {
        expect(() -> net.predict(Nd4j.rand(DataType.FLOAT, 2, 28, 28)), "must have rank 4 [N, 1, 28, 28], but has rank 3 [2, 28, 28]");
    }

    @Test
    void wrongChannels() {
        expect(() -> net.predict(Nd4j.rand(DataType.FLOAT, 2, 3, 28, 28)), "must be [N, 1, 28, 28], but is [2, 3, 28, 28]");
    }

    @Test
    void wrongSize() {
        expect(() -> net.predict(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32)), "must be [N, 1, 28, 28], but is [2, 1, 32, 32]");
    }

    @Test
    void wrongDataType() {
        expect(() -> net.predict(Nd4j.rand(DataType.DOUBLE, 2, 1, 28, 28)), "input must be FLOAT, but is DOUBLE");
    }

    @Test
    void emptyBatch() {
        expect(() -> net.predict(Nd4j.create(DataType.FLOAT, 0, 1, 28, 28)), "batch size 0");
    }

    @Test
    void labelOutOfRange() {
        expect(() -> net.trainStep(good, Nd4j.createFromArray(3, 10), new Sgd(0.1, 0, false, 0)),
                "label 1 is 10.0, but labels must be class indices in [0, 10)");
    }

    @Test
    void labelCountDiffers() {
        expect(() -> net.trainStep(good, Nd4j.createFromArray(1, 2, 3), new Sgd(0.1, 0, false, 0)),
                "expected 2 labels (one class index per example, shape [2]), but got shape [3]");
    }

    @Test
    void nanInputIsReportedWhenChecking() {
        INDArray bad = good.dup();
        bad.putScalar(new long[] {1, 0, 5, 6}, Float.NaN);
        net.setCheckInputs(true);
        expect(() -> net.predict(bad), "input[1, 0, 5, 6] is NaN; inputs must be finite");
    }

    @Test
    void nonFiniteLossStopsWithTheStep() {
        INDArray bad = good.dup();
        bad.putScalar(0, Float.POSITIVE_INFINITY);
        Sgd sgd = new Sgd(0.1, 0, false, 0);
        net.trainStep(good, labels, sgd);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> net.trainStep(bad, labels, sgd));
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("the loss at training step 2 is NaN"), e.getMessage());
        assertEquals("the input[0, 0, 0, 0] is Infinity", e.culprit().orElseThrow(), e.getMessage());
    }

    @Test
    void backwardNeedsALoss() {
        net.predict(good);
        expect(IllegalStateException.class, net::backward, "backward needs trainForward and loss first");
    }

    @Test
    void layerMethodsCheckTheirInputs() {
        expect(() -> net.stage2(Nd4j.rand(DataType.FLOAT, 2, 32, 14, 14)), "ResNet20.stage2(stage1): input must be [N, 16, 28, 28]");
        INDArray stem = net.stem(good);
        assertEquals(net.stage1(stem).shapeInfoToString(), net.stage1(stem).shapeInfoToString());
    }

    private static void expect(Executable e, String message) {
        expect(IllegalArgumentException.class, e, message);
    }

    private static void expect(Class<? extends Throwable> type, Executable e, String message) {
        Throwable t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(message), "message was: " + t.getMessage());
    }
}
