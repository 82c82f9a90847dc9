package dev.kiln.samples.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kiln.runtime.train.BatchSource;
import dev.kiln.runtime.train.ConstantSchedule;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingListener;
import dev.kiln.samples.fixtures.KilnGlobalMaxNet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TrainingListener#onGradients} sees each batch's own gradients before the optimizer
 * moves anything: the parameters it sees are those the batch was run with, and the gradients
 * are those of a separate forward and backward on the same batch.
 */
class GradientListenerTest {

    @Test
    void gradientsArriveAfterBackwardAndBeforeTheStep() {
        Nd4j.getRandom().setSeed(3);
        List<BatchSource.Batch> batches = List.of(batch(), batch(), batch());
        KilnGlobalMaxNet net = KilnGlobalMaxNet.create(3);
        KilnGlobalMaxNet twin = KilnGlobalMaxNet.create(3);
        List<String> calls = new ArrayList<>();
        Trainer trainer = new Trainer(net, new Sgd(0.1, 0, false, 0), new ConstantSchedule(0.1),
                new Trainer.Config(1, 0, 0, 0, 1));
        trainer.listen(new TrainingListener() {
            @Override
            public void onGradients(int epoch, int batch, List<Parameter> parameters) {
                calls.add("gradients " + batch);
                // the twin holds the weights from before this batch's step: same forward, same gradients
                twin.trainForward(batches.get(batch).images());
                twin.loss(batches.get(batch).labels());
                twin.backward();
                for (int i = 0; i < parameters.size(); i++) {
                    assertArrayEquals(twin.parameters().get(i).value().data().asFloat(),
                            parameters.get(i).value().data().asFloat(), 1e-6f, "not yet stepped: " + parameters.get(i).name());
                    assertArrayEquals(twin.parameters().get(i).gradient().data().asFloat(),
                            parameters.get(i).gradient().data().asFloat(), 1e-6f, parameters.get(i).name());
                }
                twin.parameters().forEach(p -> p.value().subi(p.gradient().mul(0.1)));
            }

            @Override
            public void onBatch(int epoch, int batch, long step, double loss, int correct, int size) {
                calls.add("batch " + batch);
            }
        });
        trainer.fit(source(batches), source(batches), 1);
        assertEquals(List.of("gradients 0", "batch 0", "gradients 1", "batch 1", "gradients 2", "batch 2"), calls);
        assertFalse(net.parameters().get(0).gradient().sumNumber().doubleValue() == 0, "gradients were computed");
    }

    private static BatchSource.Batch batch() {
        INDArray labels = Nd4j.createFromArray(0, 1, 1, 0);
        return new BatchSource.Batch(Nd4j.randn(DataType.FLOAT, 4, 1, 6, 6), labels);
    }

    private static BatchSource source(List<BatchSource.Batch> batches) {
        return new BatchSource() {
            @Override
            public int size() {
                return 4 * batches.size();
            }

            @Override
            public int batches() {
                return batches.size();
            }

            @Override
            public Iterator<Batch> epoch(int epoch) {
                return batches.iterator();
            }
        };
    }
}
