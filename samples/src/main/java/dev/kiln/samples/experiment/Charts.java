package dev.kiln.samples.experiment;

import dev.kiln.runtime.io.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeriesCollection;

/** What the experiment's figures share: line charts, colours per depth, white background, PNG output. */
final class Charts {
    /** One colour per depth, shallow to deep, as in the ResNet paper's figures (distinct in grey print too). */
    private static final Color[] DEPTH_COLOURS = {
        new Color(0xE6, 0x9F, 0x00), new Color(0x00, 0x72, 0xB2), new Color(0x00, 0x9E, 0x73),
        new Color(0xCC, 0x33, 0x11), new Color(0x55, 0x22, 0x88),
    };
    static final BasicStroke THIN = new BasicStroke(1.2f);
    static final BasicStroke BOLD = new BasicStroke(3.0f);

    static {
        // no display on a build machine or a server: draw into images only
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static Color colour(int depthIndex) {
        return DEPTH_COLOURS[depthIndex % DEPTH_COLOURS.length];
    }

    /** A line chart without markers, legend at the bottom, readable fonts on white. */
    static JFreeChart lines(String title, String xLabel, String yLabel, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        Font ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        plot.getDomainAxis().setLabelFont(label);
        plot.getDomainAxis().setTickLabelFont(ticks);
        plot.getRangeAxis().setLabelFont(label);
        plot.getRangeAxis().setTickLabelFont(ticks);
        plot.setRenderer(new XYLineAndShapeRenderer(true, false));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        legend.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    /** Draws the charts side by side, each {@code width × height}, into one PNG written atomically. */
    static void writePng(Path file, List<JFreeChart> charts, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width * charts.size(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                charts.get(i).draw(g, new Rectangle2D.Double(i * width, 0, width, height));
            }
        } finally {
            g.dispose();
        }
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }
}
