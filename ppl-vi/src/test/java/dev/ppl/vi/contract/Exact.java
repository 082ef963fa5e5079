package dev.ppl.vi.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The exact-value harness of the dimension-contract tests, independent of the library: an
 * objective's exact value is a closed form or an exhaustive enumeration written in plain Java
 * doubles over the parameter vector \(\theta\), and its exact gradient is the central finite
 * difference of that function (step \(10^{-5}\), error about \(10^{-10}\)). Estimates come from
 * the library's {@code gradEstimate} on {@code Var} parameters holding the same numbers.
 */
final class Exact {
    private final List<Var> params;
    private final ToDoubleFunction<double[]> objective;

    private Exact(List<Var> params, ToDoubleFunction<double[]> objective) {
        this.params = params;
        this.objective = objective;
    }

    /** The exact objective {@code f(theta)}, {@code theta} the parameters' values concatenated (row-major). */
    static Exact of(List<Var> params, ToDoubleFunction<double[]> f) {
        return new Exact(params, f);
    }

    double[] theta() {
        List<Double> out = new ArrayList<>();
        for (Var p : params) {
            for (double d : p.value().reshape(p.length()).toDoubleVector()) {
                out.add(d);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    double value() {
        return objective.applyAsDouble(theta());
    }

    double[] gradient() {
        double[] t = theta();
        double[] g = new double[t.length];
        double h = 1e-5;
        for (int i = 0; i < t.length; i++) {
            double[] up = t.clone(), down = t.clone();
            up[i] += h;
            down[i] -= h;
            g[i] = (objective.applyAsDouble(up) - objective.applyAsDouble(down)) / (2 * h);
        }
        return g;
    }

    private double[] flat(GradientEstimate g) {
        List<Double> out = new ArrayList<>();
        for (Var p : params) {
            for (double d : g.gradients().get(p).reshape(p.length()).toDoubleVector()) {
                out.add(d);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The largest |mean - exact| / (4 SE + 1e-9) over the value and every gradient coordinate, from {@code n} estimates. */
    <A> double worstRatio(Expectation<A> e, A args, int n, long seed) {
        double[] g = gradient();
        SummaryStatistics value = new SummaryStatistics();
        SummaryStatistics[] grads = new SummaryStatistics[g.length];
        for (int i = 0; i < g.length; i++) {
            grads[i] = new SummaryStatistics();
        }
        for (Rng k : Rng.of(seed).split(n)) {
            GradientEstimate est = e.gradEstimate(k, args, params);
            value.addValue(est.value());
            double[] gi = flat(est);
            for (int i = 0; i < g.length; i++) {
                grads[i].addValue(gi[i]);
            }
        }
        double worst = ratio(value, value());
        for (int i = 0; i < g.length; i++) {
            worst = Math.max(worst, ratio(grads[i], g[i]));
        }
        return worst;
    }

    private static double ratio(SummaryStatistics s, double exact) {
        double se = s.getStandardDeviation() / Math.sqrt(s.getN());
        return Math.abs(s.getMean() - exact) / (4 * se + 1e-8);
    }

    /** Asserts that the mean of {@code n} estimates of the value and gradient lies within 4 standard errors of exact. */
    <A> void assertUnbiased(String what, Expectation<A> e, A args, int n, long seed) {
        double r = worstRatio(e, args, n, seed);
        assertTrue(r <= 1, what + ": an estimate's mean is " + r + " times 4 standard errors from the exact value");
    }

    /** Asserts that one estimate of an exact strategy equals the exact value and gradient (to 1e-7). */
    <A> void assertExact(String what, Expectation<A> e, A args) {
        GradientEstimate est = e.gradEstimate(Rng.of(1), args, params);
        assertEquals(value(), est.value(), 1e-7, what + ": value");
        double[] g = gradient(), gi = flat(est);
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], gi[i], 1e-6, what + ": gradient coordinate " + i);
        }
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
