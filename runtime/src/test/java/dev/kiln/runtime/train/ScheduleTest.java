package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {
    @Test
    void constantIsConstant() {
        Schedule s = new ConstantSchedule(0.05);
        assertEquals(0.05, s.learningRate(0, 0, 10));
        assertEquals(0.05, s.learningRate(1000, 9, 10));
    }

    /** The ResNet paper's CIFAR schedule: 0.1, divided by 10 at epochs 15 and 25, whatever the step. */
    @ParameterizedTest(name = "epoch {0} step {1}")
    @CsvSource({"0, 0, 0.1", "14, 390, 0.1", "15, 0, 0.01", "24, 200, 0.01", "25, 0, 0.001", "300, 5, 0.001"})
    void stepDividesByTenAtEachMilestone(int epoch, int step, double expected) {
        assertEquals(expected, new StepSchedule(0.1, 15, 25).learningRate(epoch, step, 391), 1e-15);
    }

    @Test
    void stepTakesAnyFactor() {
        StepSchedule s = new StepSchedule(1.0, 0.5, List.of(2, 4, 6));
        assertEquals(1.0, s.learningRate(1, 0, 1));
        assertEquals(0.5, s.learningRate(2, 0, 1));
        assertEquals(0.125, s.learningRate(7, 0, 1));
    }

    /**
     * base 0.1 to minimum 0.001 over 10 epochs of 100 steps, t = steps done / 1000:
     * rate = 0.001 + 0.099 · (1 + cos πt) / 2. t = 0 → 0.1; t = 0.25 → 0.001 + 0.0495 · (1 + √½)
     * = 0.085502; t = 0.5 → 0.0505; t = 0.999 → 0.001 + 0.0495 · (1 − cos(0.001π)) ≈ 0.00100024;
     * from epoch 10 on the minimum.
     */
    @ParameterizedTest(name = "epoch {0} step {1}")
    @CsvSource({
            "0,  0,  0.1",
            "2,  50, 0.0855017856687341",
            "5,  0,  0.0505",
            "9,  99, 0.0010002442725080185",
            "10, 0,  0.001",
            "40, 3,  0.001"})
    void cosineAnnealsPerStep(int epoch, int step, double expected) {
        assertEquals(expected, new CosineSchedule(0.1, 0.001, 10).learningRate(epoch, step, 100), 1e-15);
    }

    /** Warm-up over 5 steps of epochs of 3 steps: global step g gets (g + 1) / 5 of the wrapped rate. */
    @ParameterizedTest(name = "epoch {0} step {1}")
    @CsvSource({"0, 0, 0.02", "0, 2, 0.06", "1, 0, 0.08", "1, 1, 0.1", "1, 2, 0.1", "9, 0, 0.1"})
    void warmupRampsLinearlyThenHandsOver(int epoch, int step, double expected) {
        assertEquals(expected, new WarmupSchedule(5, new ConstantSchedule(0.1)).learningRate(epoch, step, 3), 1e-15);
    }

    @Test
    void warmupScalesTheScheduleItWraps() {
        Schedule s = new WarmupSchedule(4, new StepSchedule(0.1, 1));
        assertEquals(0.025, s.learningRate(0, 0, 2), 1e-15);
        assertEquals(0.05, s.learningRate(0, 1, 2), 1e-15);
        assertEquals(0.01 * 3 / 4, s.learningRate(1, 0, 2), 1e-15, "the milestone has passed inside the warm-up");
        assertEquals(0.01, s.learningRate(2, 0, 2), 1e-15);
    }

    @Test
    void applySetsTheOptimizersRate() {
        Sgd sgd = new Sgd(1, 0, false, 0);
        new StepSchedule(0.1, 15, 25).apply(sgd, 20, 0, 100);
        assertEquals(0.01, sgd.learningRate(), 1e-15);
    }

    @Test
    void rejectsBadArgumentsAndSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConstantSchedule(0.1).learningRate(0, 10, 10));
        assertEquals("Schedule: needs epoch ≥ 0, stepsPerEpoch ≥ 1 and 0 ≤ step < stepsPerEpoch, "
                + "but got epoch 0, step 10, stepsPerEpoch 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0, 5).learningRate(-1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new WarmupSchedule(3, new ConstantSchedule(1)).learningRate(0, 0, 0));
        e = assertThrows(IllegalArgumentException.class, () -> new StepSchedule(0.1, 25, 15));
        assertEquals("StepSchedule: milestones must be strictly increasing epochs ≥ 1, but are [25, 15]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0.2, 5));
        assertEquals("CosineSchedule: minimum must be ≤ base 0.1, but is 0.2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WarmupSchedule(0, new ConstantSchedule(1)));
        assertEquals("WarmupSchedule: steps must be ≥ 1, but is 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StepSchedule(0.1, 1.5, List.of(3)));
        assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(-1));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0, 0));
    }
}
