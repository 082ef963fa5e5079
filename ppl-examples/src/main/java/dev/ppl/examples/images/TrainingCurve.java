package dev.ppl.examples.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG line chart (JFreeChart) of per-epoch training and test values of the objective, in nats
 * per image, against the epoch number.
 */
public final class TrainingCurve {
    private TrainingCurve() {}

    /**
     * Writes the chart to {@code file} (800x500): {@code train[i]} and {@code test[i]} are the
     * values after epoch {@code firstEpoch + i}; a non-finite entry is left out. Returns {@code file}.
     */
    public static Path write(Path file, String title, String trainLabel, List<Double> train, String testLabel,
                             List<Double> test, int firstEpoch) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series(trainLabel, train, firstEpoch));
        data.addSeries(series(testLabel, test, firstEpoch));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", "nats per image", data,
                PlotOrientation.VERTICAL, true, false, false);
        org.jfree.chart.axis.NumberAxis y = (org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static XYSeries series(String name, List<Double> values, int firstEpoch) {
        XYSeries s = new XYSeries(name);
        for (int i = 0; i < values.size(); i++) {
            if (Double.isFinite(values.get(i))) {
                s.add(firstEpoch + i, values.get(i));
            }
        }
        return s;
    }
}
