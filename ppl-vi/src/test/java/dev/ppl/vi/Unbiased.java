package dev.ppl.vi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The statistical check used by the estimator tests: the mean of {@code n} independent
 * estimates of the value and of each gradient coordinate lies within 4 standard errors of the
 * exact value (plus 1e-9 for estimators with zero variance, such as enumeration).
 */
public final class Unbiased {
    private Unbiased() {}

    /** The exact value and gradient of a closed-form expression of the parameters. */
    public record Exact(double value, double[][] gradient) {
        public static Exact of(Supplier<Var> closedForm, List<Var> params) {
            Var v = closedForm.get();
            Gradients g = Grad.grad(v, params);
            double[][] grads = new double[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                grads[i] = g.get(params.get(i)).reshape(params.get(i).length()).toDoubleVector();
            }
            return new Exact(v.item(), grads);
        }
    }

    /** The largest |mean - exact| / (4 SE + 1e-9) over the value and all gradient coordinates. */
    public static <A> double worstRatio(Expectation<A> e, A args, List<Var> params, Exact exact, int n, long seed) {
        SummaryStatistics value = new SummaryStatistics();
        SummaryStatistics[][] grads = new SummaryStatistics[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            grads[i] = new SummaryStatistics[exact.gradient()[i].length];
            for (int j = 0; j < grads[i].length; j++) {
                grads[i][j] = new SummaryStatistics();
            }
        }
        Rng[] keys = Rng.of(seed).split(n);
        for (Rng k : keys) {
            GradientEstimate g = e.gradEstimate(k, args, params);
            value.addValue(g.value());
            for (int i = 0; i < params.size(); i++) {
                double[] gi = g.gradients().get(params.get(i)).reshape(params.get(i).length()).toDoubleVector();
                for (int j = 0; j < gi.length; j++) {
                    grads[i][j].addValue(gi[j]);
                }
            }
        }
        double worst = ratio(value, exact.value());
        for (int i = 0; i < params.size(); i++) {
            for (int j = 0; j < grads[i].length; j++) {
                worst = Math.max(worst, ratio(grads[i][j], exact.gradient()[i][j]));
            }
        }
        return worst;
    }

    private static double ratio(SummaryStatistics s, double exact) {
        double se = s.getStandardDeviation() / Math.sqrt(s.getN());
        return Math.abs(s.getMean() - exact) / (4 * se + 1e-9);
    }

    /** Asserts unbiasedness: every coordinate within 4 standard errors. */
    public static <A> void assertUnbiased(String what, Expectation<A> e, A args, List<Var> params, Exact exact, int n, long seed) {
        double r = worstRatio(e, args, params, exact, n, seed);
        assertEquals(0.0, Math.max(0, r - 1), 0.0, what + ": an estimate is " + r + " times 4 standard errors from exact");
    }
}
