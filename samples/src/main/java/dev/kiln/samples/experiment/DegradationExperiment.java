package dev.kiln.samples.experiment;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.metrics.EpochCsv;
import dev.kiln.runtime.train.EpochResult;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Progress;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.training.FashionMnistRun;
import dev.kiln.samples.training.RunSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains every twin of {@link DegradationSettings} in turn on Fashion-MNIST and writes, under
 * the output folder: {@code <id>.csv} per network (each row appended as its epoch ends),
 * {@code errors.png}, {@code gradients.csv} and {@code gradients.png} for the deepest pair, and
 * {@code report.md}.
 */
public final class DegradationExperiment {
    private final DegradationSettings settings;
    private final PrintStream log;

    public DegradationExperiment(DegradationSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** What the run measured: every network's epochs, in training order. */
    public record Outcome(Map<Twin, List<EpochResult>> runs, int trainImages, int testImages, double seconds) {
        public EpochResult last(Twin twin) {
            List<EpochResult> epochs = runs.get(twin);
            return epochs.get(epochs.size() - 1);
        }
    }

    public Outcome run(String command) throws IOException {
        Path out = settings.out();
        Files.createDirectories(out);
        long start = System.nanoTime();
        Map<Twin, List<EpochResult>> runs = new LinkedHashMap<>();
        List<Twin> gradientTwins = new ArrayList<>();
        List<List<GradientNorms.Layer>> gradients = new ArrayList<>();
        int trainImages = 0;
        int testImages = 0;
        for (Twin twin : settings.twins()) {
            GradientNorms norms = new GradientNorms();
            boolean recordGradients = twin.depth() == settings.deepest();
            try (FashionMnistRun data = new FashionMnistRun(settings.data(), settings.limitTrain(), settings.limitTest(),
                    settings.batch(), settings.seed(), settings.augment())) {
                trainImages = data.trainImages();
                testImages = data.testImages();
                log.printf(Locale.ROOT, "kiln: %s (%,d parameters) on %,d training and %,d test images, %d epochs%n",
                        twin.label(), twin.model().parameters(), trainImages, testImages, settings.epochs());
                runs.put(twin, train(twin, data, recordGradients ? norms : null));
            }
            if (recordGradients) {
                gradientTwins.add(twin);
                gradients.add(norms.layers());
            }
        }
        GradientNorms.writeCsv(out.resolve("gradients.csv"), gradientTwins.stream().map(Twin::id).toList(), gradients);
        GradientFigure.write(out.resolve("gradients.png"), gradientTwins, gradients);
        ErrorFigure.write(out.resolve("errors.png"), settings.depths(), runs);
        Outcome outcome = new Outcome(runs, trainImages, testImages, (System.nanoTime() - start) / 1e9);
        DegradationReport.write(out.resolve("report.md"), settings, outcome, gradientTwins, gradients, command);
        return outcome;
    }

    private List<EpochResult> train(Twin twin, FashionMnistRun data, GradientNorms norms) throws IOException {
        Network net = twin.model().create(settings.seed());
        Optimizer optimizer = RunSetup.optimizer("sgd", settings.learningRate(), settings.momentum(),
                settings.weightDecay(), false);
        Trainer trainer = new Trainer(net, optimizer,
                RunSetup.schedule(settings.schedule(), settings.learningRate(), settings.epochs(), settings.warmup()),
                new Trainer.Config(settings.epochs(), 0, 0, 0, settings.seed()));
        EpochCsv csv = new EpochCsv(settings.out().resolve(twin.id() + ".csv"), false);
        trainer.listen(new Progress(log, System.console() != null)).listen(csv);
        if (norms != null) {
            trainer.listen(norms);
        }
        return trainer.fit(data.train(), data.test(), 1);
    }
}
