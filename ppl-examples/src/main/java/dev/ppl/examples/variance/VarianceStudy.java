package dev.ppl.examples.variance;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.GradientEstimate;
import java.util.Arrays;
import java.util.List;

/**
 * Measures one {@link Estimator} on a {@link MixtureModel}: after its warm-up and
 * up to {@link #JIT_WARM_UP} untimed estimates, {@code n}
 * independent gradient estimates with keys split from a fixed seed, each timed; returns the
 * per-coordinate mean and variance against the exact gradient, and the value's deviation from
 * the exact ELBO in standard errors ({@link Row}).
 */
public final class VarianceStudy {
    /** Untimed estimates run before the {@code n} timed ones (JIT compilation; at most half of {@code n}), not counted. */
    public static final int JIT_WARM_UP = 50;

    private VarianceStudy() {}

    /** The exact ELBO gradient of {@code model}, flattened in {@link MixtureModel#params()} order. */
    public static double[] exactGradient(MixtureModel model) {
        return flatten(Grad.grad(model.exactElbo(), model.params()), model.params());
    }

    /** The estimator's gradient coordinates of one estimate, in {@link MixtureModel#params()} order. */
    static double[] flatten(Gradients g, List<Var> params) {
        int total = 0;
        for (Var p : params) {
            total += (int) p.length();
        }
        double[] out = new double[total];
        int at = 0;
        for (Var p : params) {
            double[] v = g.get(p).reshape(p.length()).toDoubleVector();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /**
     * Runs {@code perEstimator} untimed estimates of every estimator (keys from {@code seed}), so
     * that the first row measured does not pay for the JIT compilation of code all rows share.
     */
    public static void warmUpJit(List<Estimator> estimators, MixtureModel model, int perEstimator, long seed) {
        for (Estimator e : estimators) {
            for (Rng k : Rng.of(seed).split(perEstimator)) {
                e.objective().gradEstimate(k, null, model.params());
            }
        }
    }

    /**
     * Runs {@code estimator}'s warm-up with key {@code seed + 1}, then {@code n} estimates with keys
     * split from {@code seed}, compared with {@code exact}.
     */
    public static Row measure(Estimator estimator, MixtureModel model, double[] exact, int n, long seed) {
        estimator.warmUp().accept(Rng.of(seed + 1));
        List<Var> params = model.params();
        for (Rng k : Rng.of(seed + 2).split(Math.max(1, Math.min(JIT_WARM_UP, n / 2)))) {
            estimator.objective().gradEstimate(k, null, params);
        }
        int d = exact.length;
        double[] sum = new double[d], sumSq = new double[d];
        double[] ms = new double[n];
        double valueSum = 0, valueSq = 0;
        Rng[] keys = Rng.of(seed).split(n);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            GradientEstimate g = estimator.objective().gradEstimate(keys[i], null, params);
            double[] v = flatten(g.gradients(), params);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            valueSum += g.value();
            valueSq += g.value() * g.value();
            for (int j = 0; j < d; j++) {
                sum[j] += v[j];
                sumSq[j] += v[j] * v[j];
            }
        }
        double[] mean = new double[d], variance = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sum[j] / n;
            variance[j] = Math.max(0, (sumSq[j] - n * mean[j] * mean[j]) / (n - 1));
        }
        Arrays.sort(ms);
        double median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        double valueMean = valueSum / n;
        double valueSe = Math.sqrt(Math.max(0, (valueSq - n * valueMean * valueMean) / (n - 1)) / n);
        double valueZ = Math.abs(valueMean - model.exactElbo().item()) / (valueSe + 1e-12);
        return Row.of(estimator, n, mean, variance, exact, model.discreteCoordinates(), median, valueZ);
    }
}
