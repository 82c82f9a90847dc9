package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParameterTest {
    @Test
    void holdsItsParts() {
        INDArray w = Nd4j.create(DataType.FLOAT, 4, 3, 3, 3), dw = Nd4j.create(DataType.FLOAT, 4, 3, 3, 3);
        Parameter p = new Parameter("stemWeight", w, dw, Parameter.Kind.WEIGHT);
        assertEquals("stemWeight", p.name());
        assertSame(w, p.value());
        assertSame(dw, p.gradient());
        assertEquals(Parameter.Kind.WEIGHT, p.kind());
    }

    @Test
    void rejectsAGradientOfAnotherShapeOrType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Parameter("bnGamma",
                Nd4j.create(DataType.FLOAT, 16), Nd4j.create(DataType.FLOAT, 1, 16), Parameter.Kind.NORM_WEIGHT));
        assertEquals("Parameter bnGamma: gradient must have the shape of value [16], but is [1,16]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Parameter("bnBeta",
                Nd4j.create(DataType.FLOAT, 16), Nd4j.create(DataType.DOUBLE, 16), Parameter.Kind.NORM_BIAS));
        assertEquals("Parameter bnBeta: gradient must have the data type of value FLOAT, but is DOUBLE",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Parameter(" ",
                Nd4j.create(DataType.FLOAT, 2), Nd4j.create(DataType.FLOAT, 2), Parameter.Kind.BIAS));
        assertThrows(NullPointerException.class, () -> new Parameter("fcBias",
                Nd4j.create(DataType.FLOAT, 2), null, Parameter.Kind.BIAS));
    }
}
