package dev.ppl.examples.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG line charts (JFreeChart) of per-epoch values against the epoch number: the training and
 * test values of an objective in nats per image, or any number of named series on one chart
 * (e.g. the ELBO or the count accuracy of several estimators).
 */
public final class TrainingCurve {
    private TrainingCurve() {}

    /**
     * Writes the chart to {@code file} (800x500): {@code train[i]} and {@code test[i]} are the
     * values after epoch {@code firstEpoch + i}; a non-finite entry is left out. Returns {@code file}.
     */
    public static Path write(Path file, String title, String trainLabel, List<Double> train, String testLabel,
                             List<Double> test, int firstEpoch) {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put(trainLabel, train);
        series.put(testLabel, test);
        return save(chart(title, "nats per image", series, firstEpoch), file);
    }

    /**
     * Writes a chart of several series to {@code file} (800x500), one line per entry of
     * {@code series} in its iteration order (a {@link LinkedHashMap} keeps the order given), each
     * named by its key: value {@code i} of a series is the value after epoch {@code firstEpoch + i};
     * a non-finite value is left out. The epoch axis has integer ticks; the vertical axis,
     * labelled {@code yLabel}, spans the data (not necessarily zero). Returns {@code file}.
     *
     * @throws IllegalArgumentException if {@code series} is empty
     */
    public static Path write(Path file, String title, String yLabel, Map<String, List<Double>> series, int firstEpoch) {
        return save(chart(title, yLabel, series, firstEpoch), file);
    }

    /** The chart {@link #write(Path, String, String, Map, int)} draws. */
    static JFreeChart chart(String title, String yLabel, Map<String, List<Double>> series, int firstEpoch) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("TrainingCurve: no series to draw for chart '" + title + "'");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            data.addSeries(series(e.getKey(), e.getValue(), firstEpoch));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        NumberAxis y = (NumberAxis) chart.getXYPlot().getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    private static Path save(JFreeChart chart, Path file) {
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
