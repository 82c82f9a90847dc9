package dev.kiln.samples.training;

import dev.kiln.runtime.train.Adam;
import dev.kiln.runtime.train.AdamW;
import dev.kiln.runtime.train.ConstantSchedule;
import dev.kiln.runtime.train.CosineSchedule;
import dev.kiln.runtime.train.DecayPolicy;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Schedule;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.runtime.train.StepSchedule;
import dev.kiln.runtime.train.WarmupSchedule;
import java.util.Locale;

/** Turns command-line words into an optimizer and a schedule, with errors that list the choices. */
public final class RunSetup {
    private RunSetup() {}

    public static Optimizer optimizer(String name, double lr, double momentum, double weightDecay, boolean decayAll) {
        DecayPolicy decay = decayAll ? DecayPolicy.ALL : DecayPolicy.WEIGHTS_ONLY;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(lr, momentum, momentum > 0, weightDecay, decay);
            case "adam" -> new Adam(lr, 0.9, 0.999, 1e-8, weightDecay, decay);
            case "adamw" -> new AdamW(lr, 0.9, 0.999, 1e-8, weightDecay, decay);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected sgd, adam or adamw");
        };
    }

    /** The schedule over {@code epochs}: cosine to 0, step ÷10 at 50 % and 75 %, or constant; with linear warm-up. */
    public static Schedule schedule(String name, double lr, int epochs, int warmupSteps) {
        Schedule s = switch (name.toLowerCase(Locale.ROOT)) {
            case "cosine" -> new CosineSchedule(lr, 0, epochs);
            case "step" -> new StepSchedule(lr, Math.max(1, Math.round(epochs * 0.5f)),
                    Math.max(2, Math.max(Math.round(epochs * 0.5f) + 1, Math.round(epochs * 0.75f))));
            case "constant" -> new ConstantSchedule(lr);
            default -> throw new IllegalArgumentException("unknown schedule '" + name + "'; expected cosine, step or constant");
        };
        return warmupSteps > 0 ? new WarmupSchedule(warmupSteps, s) : s;
    }
}
