package dev.kiln.samples.experiment;

import dev.kiln.runtime.io.AtomicFile;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gradient flow through depth: during the first epoch, the L2 norm of each weighted layer's
 * weight gradient ‖∂L/∂W‖, averaged over the epoch's batches. Layers are numbered along the main
 * path from the input (1 = the stem convolution) to the classifier; projection shortcuts are left
 * out so that a plain net and its residual twin have the same numbering.
 */
public final class GradientNorms implements TrainingListener {
    private final List<String> names = new ArrayList<>();
    private double[] sums = new double[0];
    private int batches;

    /** One layer's mean gradient norm over the first epoch. */
    public record Layer(int index, String parameter, double meanNorm) {}

    @Override
    public void onGradients(int epoch, int batch, List<Parameter> parameters) {
        if (epoch != 1) {
            return;
        }
        List<Parameter> layers = parameters.stream().filter(GradientNorms::onMainPath).toList();
        if (names.isEmpty()) {
            layers.forEach(p -> names.add(p.name()));
            sums = new double[layers.size()];
        }
        for (int i = 0; i < layers.size(); i++) {
            sums[i] += layers.get(i).gradient().norm2Number().doubleValue();
        }
        batches++;
    }

    /** A convolution or dense weight that is not on a shortcut. */
    static boolean onMainPath(Parameter p) {
        return p.kind() == Parameter.Kind.WEIGHT && !p.name().contains(".shortcut.");
    }

    /** The layers in order from the input, with their mean norms; empty before the first batch. */
    public List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Layer(i + 1, names.get(i), sums[i] / Math.max(1, batches)));
        }
        return out;
    }

    /**
     * Writes {@code layer,parameter,<id>…} rows: one column of mean norms per network, all of which
     * must have the same number of main-path layers.
     */
    public static void writeCsv(Path file, List<String> ids, List<List<Layer>> perNetwork) throws IOException {
        int n = perNetwork.get(0).size();
        for (int k = 0; k < perNetwork.size(); k++) {
            if (perNetwork.get(k).size() != n) {
                throw new IllegalArgumentException(ids.get(k) + " has " + perNetwork.get(k).size()
                        + " main-path layers, but " + ids.get(0) + " has " + n);
            }
        }
        StringBuilder csv = new StringBuilder("layer,parameter");
        ids.forEach(id -> csv.append(',').append(id));
        csv.append('\n');
        for (int i = 0; i < n; i++) {
            csv.append(i + 1).append(',').append(perNetwork.get(0).get(i).parameter());
            for (List<Layer> layers : perNetwork) {
                csv.append(String.format(Locale.ROOT, ",%.6e", layers.get(i).meanNorm()));
            }
            csv.append('\n');
        }
        AtomicFile.writeString(file, csv);
    }
}
