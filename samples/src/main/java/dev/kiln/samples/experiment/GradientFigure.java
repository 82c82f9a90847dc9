package dev.kiln.samples.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Mean weight-gradient norm per layer over the first epoch, from the input (layer 1) to the
 * classifier, on a logarithmic axis: a plain network's early layers get far smaller gradients
 * than its residual twin's, whose shortcuts carry the gradient back unattenuated.
 */
public final class GradientFigure {
    private GradientFigure() {}

    /** One line per network; {@code colours} index the depth palette, {@code bold} marks residual nets. */
    public static void write(Path file, List<Twin> twins, List<List<GradientNorms.Layer>> layers) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int k = 0; k < twins.size(); k++) {
            XYSeries s = new XYSeries(twins.get(k).label(), false, true);
            for (GradientNorms.Layer l : layers.get(k)) {
                if (l.meanNorm() > 0) {
                    s.add(l.index(), l.meanNorm());
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = Charts.lines("Gradient norm per layer, first epoch", "layer (1 = next to the input)",
                "mean ‖∂L/∂W‖ over the epoch's batches", data);
        XYPlot plot = chart.getXYPlot();
        LogAxis log = new LogAxis(plot.getRangeAxis().getLabel());
        log.setLabelFont(plot.getRangeAxis().getLabelFont());
        log.setTickLabelFont(plot.getRangeAxis().getTickLabelFont());
        log.setAutoRange(true);
        log.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        plot.setRangeAxis(log);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        for (int k = 0; k < twins.size(); k++) {
            Twin t = twins.get(k);
            plot.getRenderer().setSeriesPaint(k, Charts.colour(t.residual() ? 1 : 3));
            plot.getRenderer().setSeriesStroke(k, t.residual() ? Charts.BOLD : Charts.THIN);
        }
        Charts.writePng(file, List.of(chart), 900, 540);
    }
}
