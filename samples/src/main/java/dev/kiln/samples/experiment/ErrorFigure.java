package dev.kiln.samples.experiment;

import dev.kiln.runtime.train.EpochResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The figure of the ResNet paper (He et al. 2015, Fig. 1 and 6): error against epochs, plain
 * networks on the left, residual networks on the right, one colour per depth; thin lines are
 * the training error (measured on the training batches as they are trained), bold lines the
 * test error. Both panels share one error axis so they compare at a glance.
 */
public final class ErrorFigure {
    private ErrorFigure() {}

    /** Writes the figure for {@code runs} (every twin of every depth, each with its epochs) to {@code file}. */
    public static void write(Path file, List<Integer> depths, Map<Twin, List<EpochResult>> runs) throws IOException {
        double top = Math.ceil(100 * runs.values().stream().flatMap(List::stream)
                .mapToDouble(r -> Math.max(r.trainError(), r.testError())).max().orElse(1) / 5) * 5;
        int epochs = runs.values().stream().mapToInt(List::size).max().orElse(1);
        JFreeChart plain = panel("Plain networks", depths, false, runs, top, epochs);
        JFreeChart residual = panel("Residual networks (ResNet)", depths, true, runs, top, epochs);
        Charts.writePng(file, List.of(plain, residual), 720, 540);
    }

    private static JFreeChart panel(String title, List<Integer> depths, boolean residual,
                                    Map<Twin, List<EpochResult>> runs, double top, int epochs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int depth : depths) {
            Twin twin = new Twin(depth, residual);
            XYSeries train = new XYSeries(twin.label() + " train", false, true);
            XYSeries test = new XYSeries(twin.label() + " test", false, true);
            for (EpochResult r : runs.getOrDefault(twin, List.of())) {
                train.add(r.epoch(), 100 * r.trainError());
                test.add(r.epoch(), 100 * r.testError());
            }
            data.addSeries(train);
            data.addSeries(test);
        }
        JFreeChart chart = Charts.lines(title, "epoch", "error (%)", data);
        XYPlot plot = chart.getXYPlot();
        XYItemRenderer renderer = plot.getRenderer();
        for (int i = 0; i < depths.size(); i++) {
            int colourIndex = java.util.Arrays.binarySearch(Twin.DEPTHS, depths.get(i));
            renderer.setSeriesPaint(2 * i, Charts.colour(colourIndex));
            renderer.setSeriesStroke(2 * i, Charts.THIN);
            renderer.setSeriesPaint(2 * i + 1, Charts.colour(colourIndex));
            renderer.setSeriesStroke(2 * i + 1, Charts.BOLD);
        }
        NumberAxis errors = (NumberAxis) plot.getRangeAxis();
        errors.setRange(0, Math.max(5, top));
        NumberAxis epochAxis = (NumberAxis) plot.getDomainAxis();
        epochAxis.setRange(1, Math.max(2, epochs));
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }
}
