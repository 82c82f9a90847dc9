package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.samples.models.KilnResNet20;
import dev.kiln.samples.models.KilnResNet56;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** The DL4J graph the benchmark times is the same network as Kiln's: same trainable parameters, same output shape. */
class Dl4jResNetTest {

    @Test
    void resNet20HasKilnsParameterCount() {
        ComputationGraph graph = Dl4jResNet.create(BenchModel.RESNET20, 1);
        assertEquals(KilnResNet20.PARAMETERS, Dl4jResNet.trainableParameters(graph));
        // DL4J also counts batch norm's running mean and variance: 2 × (16·7 + 32·7 + 64·7) values.
        assertEquals(KilnResNet20.PARAMETERS + 2 * (16 * 7 + 32 * 7 + 64 * 7), graph.numParams());
        assertEquals(21, BenchModel.RESNET20.convShapes().stream().mapToInt(BenchModel.ConvShape::count).sum());
    }

    @Test
    void resNet56HasKilnsParameterCount() {
        ComputationGraph graph = Dl4jResNet.create(BenchModel.RESNET56, 1);
        assertEquals(KilnResNet56.PARAMETERS, Dl4jResNet.trainableParameters(graph));
        assertEquals(57, BenchModel.RESNET56.convShapes().stream().mapToInt(BenchModel.ConvShape::count).sum());
    }

    @Test
    void outputIsOneProbabilityRowPerImage() {
        ComputationGraph graph = Dl4jResNet.create(BenchModel.RESNET20, 1);
        var out = graph.outputSingle(false, org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28));
        assertEquals(3, out.size(0));
        assertEquals(10, out.size(1));
        assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4);
    }
}
