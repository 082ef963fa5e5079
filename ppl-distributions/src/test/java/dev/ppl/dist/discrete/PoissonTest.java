package dev.ppl.dist.discrete;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.DiscreteContract;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import java.util.List;
import org.apache.commons.math3.distribution.AbstractIntegerDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PoissonTest extends DiscreteContract {
    @Override protected String family() { return "Poisson"; }

    @Override
    protected List<INDArray> parameters() {
        return List.of(Nd4j.createFromArray(0.4, 3.0, 17.5));
    }

    @Override
    protected Distribution<Var> create(List<Var> p) {
        return Poisson.of(p.get(0));
    }

    @Override
    protected AbstractIntegerDistribution reference(double[][] t) {
        return new PoissonDistribution(null, t[0][0], PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS);
    }

    @Override
    protected INDArray valuesInSupport() {
        return Nd4j.createFromArray(0.0, 4.0, 21.0);
    }

    @Override
    protected List<InvalidCase> invalidParameters() {
        return List.of(new InvalidCase("rate", List.of(Nd4j.createFromArray(1.0, 0.0, 2.0))),
                new InvalidCase("rate", List.of(Nd4j.createFromArray(1.0, -3.0, 2.0))),
                new InvalidCase("rate", List.of(Nd4j.createFromArray(1.0, 2.0, Double.POSITIVE_INFINITY))));
    }

    @Override protected double outsideSupport() { return 2.5; }

    @Test
    void samplesFollowTheProbabilitiesAndBroadcastValues() {
        double rate = 2.5;
        int n = 40_000;
        INDArray x = Poisson.of(Var.constant(Nd4j.valueArrayOf(new long[] {n}, rate, DataType.DOUBLE)))
                .sample(Rng.of(23)).value();
        PoissonDistribution ref = (PoissonDistribution) reference(new double[][] {{rate}});
        for (int k = 0; k < 8; k++) {
            double pk = ref.probability(k);
            double freq = x.eq((double) k).castTo(DataType.DOUBLE).meanNumber().doubleValue();
            assertEquals(pk, freq, 4 * Math.sqrt(pk * (1 - pk) / n), "k = " + k);
        }
        Poisson d = Poisson.of(Var.constant(parameters().get(0)));
        INDArray lp = d.logDensity(Var.constant(Nd4j.createFromArray(new double[][] {{1.0}, {5.0}}))).value();
        assertArrayEquals(new long[] {2, 3}, lp.shape());
        assertEquals(ref(17.5).logProbability(5), lp.getDouble(1, 2), 1e-9);
        INDArray bad = d.logDensity(Var.constant(Nd4j.createFromArray(-1.0, Double.POSITIVE_INFINITY, Double.NaN))).value();
        for (int i = 0; i < 2; i++) {
            assertEquals(Double.NEGATIVE_INFINITY, bad.getDouble(i), "element " + i);
        }
        assertEquals(Double.NaN, bad.getDouble(2), "element 2: a NaN value scores NaN");
        try (Validation strict = Validation.strict()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.logDensity(Var.constant(Nd4j.createFromArray(1.0, Double.POSITIVE_INFINITY, 2.0))));
            assertTrue(e.getMessage().contains("Poisson") && e.getMessage().contains("element 1"), e.getMessage());
        }
        assertEquals(DataType.FLOAT, Poisson.of(Var.constant(parameters().get(0).castTo(DataType.FLOAT)))
                .sample(Rng.of(1)).dtype());
    }

    private PoissonDistribution ref(double rate) {
        return (PoissonDistribution) reference(new double[][] {{rate}});
    }
}
