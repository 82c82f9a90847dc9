package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.samples.fixtures.KilnEveryLayer;
import dev.kiln.samples.fixtures.KilnGlobalMaxNet;
import dev.kiln.samples.fixtures.KilnResNet20Small;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The generated backward of whole networks against finite differences (double precision, BN in training mode). */
class NetworkGradientTest {
    private static final double TOLERANCE = 1e-5;

    @Test
    void everyLayerKind() {
        KilnEveryLayer net = KilnEveryLayer.create(3, DataType.DOUBLE);
        Map<String, Double> errors = NetworkGradients.check(net, NetworkGradients.random(1, 4, 2, 9, 9),
                NetworkGradients.labels(2, 4, 3), 160, 3);
        errors.forEach((name, e) -> assertTrue(e < TOLERANCE, name + ": relative error " + e));
    }

    @Test
    void globalMaxPooling() {
        KilnGlobalMaxNet net = KilnGlobalMaxNet.create(4, DataType.DOUBLE);
        Map<String, Double> errors = NetworkGradients.check(net, NetworkGradients.random(5, 3, 1, 6, 6),
                NetworkGradients.labels(6, 3, 2), 100, 1);
        errors.forEach((name, e) -> assertTrue(e < TOLERANCE, name + ": relative error " + e));
    }

    @Test
    void resNet20OnSmallInput() {
        KilnResNet20Small net = KilnResNet20Small.create(11, DataType.DOUBLE);
        Map<String, Double> errors = NetworkGradients.check(net, NetworkGradients.random(12, 2, 1, 12, 12),
                NetworkGradients.labels(13, 2, 10), 16, 2);
        errors.forEach((name, e) -> assertTrue(e < TOLERANCE, name + ": relative error " + e));
    }
}
