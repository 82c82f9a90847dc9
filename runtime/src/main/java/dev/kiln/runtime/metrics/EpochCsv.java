package dev.kiln.runtime.metrics;

import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The per-epoch record of a run as CSV: epoch, train loss, train error, test loss, test error,
 * learning rate, seconds. Each row is appended and flushed as the epoch ends, so a run that
 * stops early keeps every finished epoch.
 */
public final class EpochCsv implements TrainingListener {
    public static final String HEADER = "epoch,train_loss,train_error,test_loss,test_error,learning_rate,seconds";

    private final Path file;

    /** Starts {@code file} with the header, or continues it when {@code append} (a resumed run). */
    public EpochCsv(Path file, boolean append) throws IOException {
        this.file = file;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (!append || !Files.exists(file)) {
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        }
    }

    /**
     * Continues {@code file} for a run resumed after {@code lastEpoch}: rows of later epochs (written
     * before an interruption lost their checkpoint) are dropped; returns the kept rows' test errors.
     */
    public static EpochCsv resume(Path file, int lastEpoch, java.util.List<Double> testErrors) throws IOException {
        EpochCsv csv = new EpochCsv(file, true);
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.equals(HEADER) || line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            try {
                if (cells.length == 7 && Integer.parseInt(cells[0]) <= lastEpoch) {
                    kept.add(line);
                    testErrors.add(Double.parseDouble(cells[4]));
                }
            } catch (NumberFormatException malformed) {
                throw new IOException(file + ": not a Kiln metrics file, row '" + line + "' does not fit " + HEADER);
            }
        }
        Files.writeString(file, HEADER + "\n" + (kept.isEmpty() ? "" : String.join("\n", kept) + "\n"), StandardCharsets.UTF_8);
        return csv;
    }

    public void append(int epoch, double trainLoss, double trainError, double testLoss, double testError,
                       double learningRate, double seconds) throws IOException {
        String row = String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.2f%n", epoch, trainLoss, trainError,
                testLoss, testError, learningRate, seconds);
        Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** As a training listener: one row per finished epoch. */
    @Override
    public void onEpochEnd(EpochResult r) {
        try {
            append(r.epoch(), r.trainLoss(), r.trainError(), r.testLoss(), r.testError(), r.learningRate(), r.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append epoch " + r.epoch() + " to " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
