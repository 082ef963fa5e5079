package dev.ppl.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InitTest {
    @Test
    void xavierUniformHasTheGlorotBoundAndVariance() {
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 300, 200);
        Init.xavierUniform().fill(w, 3);
        double a = Math.sqrt(6.0 / 500);
        assertTrue(w.maxNumber().doubleValue() <= a && w.minNumber().doubleValue() >= -a);
        double n = w.length();
        double var = a * a / 3;
        // sample variance of n uniform draws: standard error ~ var * sqrt(0.8 / n)
        assertEquals(var, w.varNumber().doubleValue(), 4 * var * Math.sqrt(0.8 / n));
        assertEquals(0.0, w.meanNumber().doubleValue(), 4 * Math.sqrt(var / n));
    }

    @Test
    void uniformStaysWithinItsBoundWithVarianceBoundSquaredOverThree() {
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 200, 100);
        Init.uniform(0.25).fill(w, 4);
        assertTrue(w.maxNumber().doubleValue() <= 0.25 && w.minNumber().doubleValue() >= -0.25);
        double var = 0.25 * 0.25 / 3, n = w.length();
        assertEquals(var, w.varNumber().doubleValue(), 4 * var * Math.sqrt(0.8 / n));
    }

    @Test
    void heNormalHasVarianceTwoOverFanIn() {
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 400, 300);
        Init.heNormal().fill(w, 5);
        double var = 2.0 / 400, n = w.length();
        // sample variance of n normal draws has standard error var * sqrt(2 / n)
        assertEquals(var, w.varNumber().doubleValue(), 4 * var * Math.sqrt(2 / n));
    }

    @Test
    void sameSeedGivesSameValues() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 10), b = Nd4j.zeros(DataType.FLOAT, 10);
        Init.normal(1).fill(a, 9);
        Init.normal(1).fill(b, 9);
        assertEquals(a, b);
    }
}
