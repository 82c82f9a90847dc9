package dev.kiln.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress display: on a terminal one line redrawn in place (bar, images/s, loss, accuracy,
 * time left in the epoch); otherwise plain lines at each quarter of an epoch, so logs stay
 * readable. Always one summary line per epoch.
 */
public final class Progress implements TrainingListener {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private long epochStart;
    private int epochs;
    private int batches;
    private double lossSum;
    private long right;
    private long seen;
    private int lastQuarter;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A display on standard output, redrawn in place when it is a terminal. */
    public static Progress onStdout() {
        return new Progress(System.out, System.console() != null);
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        this.batches = batches;
        epochStart = System.nanoTime();
        lossSum = 0;
        right = 0;
        seen = 0;
        lastQuarter = 0;
    }

    @Override
    public void onBatch(int epoch, int batch, long step, double loss, int correct, int size) {
        lossSum += loss * size;
        right += correct;
        seen += size;
        double done = (batch + 1.0) / batches;
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        double rate = seen / Math.max(seconds, 1e-9);
        double left = seconds / done - seconds;
        String stats = String.format(Locale.ROOT, "%5.0f img/s  loss %.4f  acc %5.2f %%  %s left", rate,
                lossSum / seen, 100.0 * right / seen, clock(left));
        if (terminal) {
            int filled = (int) Math.round(done * WIDTH);
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %3.0f %%  %s ", epoch, epochs, "=".repeat(filled),
                    " ".repeat(WIDTH - filled), 100 * done, stats);
            out.flush();
        } else {
            int quarter = (int) (done * 4);
            if (quarter > lastQuarter && quarter < 4) {
                lastQuarter = quarter;
                out.printf(Locale.ROOT, "epoch %d/%d %3.0f %%  %s%n", epoch, epochs, 100 * done, stats);
            }
        }
    }

    @Override
    public void onSkippedBatch(int epoch, int batch, long step, double loss, String culprit) {
        out.printf(Locale.ROOT, "%sepoch %d/%d: skipped batch %d (loss %s): %s%n", terminal ? "\r" + " ".repeat(100) + "\r" : "",
                epoch, epochs, batch + 1, loss, culprit);
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (terminal) {
            out.print("\r" + " ".repeat(100) + "\r");
        }
        out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f error %.2f %% | test loss %.4f error %.2f %% | lr %.4g | %s, %.0f img/s%n",
                r.epoch(), epochs, r.trainLoss(), 100 * r.trainError(), r.testLoss(), 100 * r.testError(),
                r.learningRate(), clock(r.seconds()), r.imagesPerSecond());
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
