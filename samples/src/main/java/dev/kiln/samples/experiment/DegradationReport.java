package dev.kiln.samples.experiment;

import dev.kiln.runtime.io.AtomicFile;
import dev.kiln.runtime.train.EpochResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The run's Markdown report: the command and settings, the final errors in a table, one
 * sentence per neighbouring depth pair on whether degradation appeared and whether residual
 * learning removed it, and the gradient-flow figures.
 */
public final class DegradationReport {
    /** Where batch norm and ReLU sit in each family: the twins differ only by the shortcut. */
    static final String ARCHITECTURE = """
            - Plain-N: stem 3×3 conv → BN → ReLU; each block 3×3 conv → BN → ReLU → 3×3 conv → BN → ReLU \
            (`@Stack`'s, after the block); global average pooling, dense.
            - ResNet-N: stem 3×3 conv → BN → ReLU; each block 3×3 conv → BN → ReLU → 3×3 conv → BN, plus the \
            shortcut (identity, or 1×1 conv → BN where the shape changes), → ReLU after the addition; global average \
            pooling, dense.
            """;

    private DegradationReport() {}

    public static void write(Path file, DegradationSettings s, DegradationExperiment.Outcome o, List<Twin> gradientTwins,
                             List<List<GradientNorms.Layer>> gradients, String command) throws IOException {
        StringBuilder md = new StringBuilder("# Degradation: plain versus residual networks on Fashion-MNIST\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append(String.format(Locale.ROOT, "%,d training images, %,d test images, %d epochs, batch %d; SGD lr %s "
                        + "(%s schedule, %d warm-up steps), Nesterov momentum %s, weight decay %s; augmentation %s; seed %d. "
                        + "Every network saw the same batches in the same order. The run took %.0f s.%n%n",
                o.trainImages(), o.testImages(), s.epochs(), s.batch(), s.learningRate(), s.schedule(), s.warmup(), s.momentum(),
                s.weightDecay(), s.augment() ? "random crops and flips" : "off", s.seed(), o.seconds()));
        md.append(ARCHITECTURE).append('\n');
        md.append("Training error is measured on each epoch's training batches as they are trained (training-mode ")
                .append("batch norm, augmented images), as in the ResNet paper; test error is inference after the epoch.\n\n");
        md.append("| network | depth | shortcuts | final train error | final test error | final train loss |\n");
        md.append("| --- | ---: | --- | ---: | ---: | ---: |\n");
        for (Twin t : s.twins()) {
            EpochResult r = o.last(t);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f %% | %.2f %% | %.4f |%n", t.label(), t.depth(),
                    t.residual() ? "identity" : "none", 100 * r.trainError(), 100 * r.testError(), r.trainLoss()));
        }
        md.append('\n');
        List<Integer> depths = s.depths();
        for (int i = 1; i < depths.size(); i++) {
            md.append("- ").append(verdict(o, depths.get(i - 1), depths.get(i))).append('\n');
        }
        if (depths.size() == 1) {
            md.append("- Only one depth was trained, so there is no deeper network to compare.\n");
        }
        md.append("\n![training (thin) and test (bold) error against epochs](errors.png)\n\n");
        md.append("## Gradient flow\n\n").append(gradientSentence(gradientTwins, gradients)).append("\n\n");
        md.append("![mean weight-gradient norm per layer in the first epoch](gradients.png)\n\n");
        md.append("Files: one CSV per network (`plain20.csv`, …: epoch, train loss, train error, test loss, test error, ")
                .append("learning rate, seconds), `gradients.csv` (mean ‖∂L/∂W‖ per layer over the first epoch).\n");
        AtomicFile.writeString(file, md);
    }

    /** Did the deeper plain net train worse, and did the deeper ResNet train at least as well? */
    static String verdict(DegradationExperiment.Outcome o, int shallow, int deep) {
        double plainShallow = o.last(new Twin(shallow, false)).trainError();
        double plainDeep = o.last(new Twin(deep, false)).trainError();
        double resShallow = o.last(new Twin(shallow, true)).trainError();
        double resDeep = o.last(new Twin(deep, true)).trainError();
        String degradation = plainDeep > plainShallow
                ? String.format(Locale.ROOT, "degradation appeared: Plain-%d ends at %.2f %% training error, above Plain-%d's %.2f %%",
                        deep, 100 * plainDeep, shallow, 100 * plainShallow)
                : String.format(Locale.ROOT, "no degradation at this budget: Plain-%d ends at %.2f %% training error, "
                        + "not above Plain-%d's %.2f %%", deep, 100 * plainDeep, shallow, 100 * plainShallow);
        String residual = resDeep <= resShallow
                ? String.format(Locale.ROOT, "with identity shortcuts the deeper net trains at least as well: ResNet-%d ends at "
                        + "%.2f %%, ResNet-%d at %.2f %%", deep, 100 * resDeep, shallow, 100 * resShallow)
                : String.format(Locale.ROOT, "with identity shortcuts the deeper net still trains worse: ResNet-%d ends at "
                        + "%.2f %%, above ResNet-%d's %.2f %%", deep, 100 * resDeep, shallow, 100 * resShallow);
        return String.format(Locale.ROOT, "**%d → %d layers:** %s; %s.", shallow, deep, degradation, residual);
    }

    /** Where along the main path each network's weight gradients are smallest and largest, and their spread. */
    static String gradientSentence(List<Twin> twins, List<List<GradientNorms.Layer>> gradients) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < twins.size(); k++) {
            List<GradientNorms.Layer> layers = gradients.get(k);
            if (layers.isEmpty()) {
                continue;
            }
            GradientNorms.Layer min = layers.stream().min(java.util.Comparator.comparingDouble(GradientNorms.Layer::meanNorm)).get();
            GradientNorms.Layer max = layers.stream().max(java.util.Comparator.comparingDouble(GradientNorms.Layer::meanNorm)).get();
            sb.append(String.format(Locale.ROOT, "%s: the mean ‖∂L/∂W‖ over the first epoch ranges from %.3g (layer %d, `%s`) "
                            + "to %.3g (layer %d, `%s`) along its %d layers, a spread of %.1f×; the stem gets %.3g. ",
                    twins.get(k).label(), min.meanNorm(), min.index(), min.parameter(), max.meanNorm(), max.index(),
                    max.parameter(), layers.size(), max.meanNorm() / min.meanNorm(), layers.get(0).meanNorm()));
        }
        return sb.toString().strip();
    }
}
