package dev.ppl.examples.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurveTest {
    @TempDir
    Path dir;

    private static Map<String, List<Double>> threeEstimators() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("reinforce", List.of(0.30, 0.50, 0.70));
        m.put("reinforce-baseline", List.of(0.40, Double.NaN, 0.90));
        m.put("enumerate", List.of(0.60, 0.95, 0.98));
        return m;
    }

    @Test
    void severalSeriesAreDrawnInOrderWithTheirNamesFromTheFirstEpochLeavingOutNonFiniteValues() {
        JFreeChart chart = TrainingCurve.chart("count accuracy", "fraction of images", threeEstimators(), 1);
        XYSeriesCollection data = (XYSeriesCollection) chart.getXYPlot().getDataset();
        assertEquals(3, data.getSeriesCount());
        assertEquals(List.of("reinforce", "reinforce-baseline", "enumerate"),
                List.of(data.getSeriesKey(0), data.getSeriesKey(1), data.getSeriesKey(2)));
        assertEquals(2, data.getSeries(1).getItemCount(), "the NaN of epoch 2 is left out");
        assertEquals(3.0, data.getSeries(1).getX(1).doubleValue());
        assertEquals(0.90, data.getSeries(1).getY(1).doubleValue());
        assertEquals("fraction of images", chart.getXYPlot().getRangeAxis().getLabel());
    }

    @Test
    void theChartIsADecodable800By500Png() throws IOException {
        Path f = TrainingCurve.write(dir.resolve("acc.png"), "count accuracy", "fraction", threeEstimators(), 1);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
    }

    @Test
    void noSeriesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurve.write(dir.resolve("e.png"), "ELBO", "nats", Map.of(), 1));
        assertEquals("TrainingCurve: no series to draw for chart 'ELBO'", e.getMessage());
    }
}
