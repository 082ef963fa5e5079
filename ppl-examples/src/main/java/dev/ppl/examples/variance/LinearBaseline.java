package dev.ppl.examples.variance;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny learned baseline for NVIL (Mnih and Gregor 2014): one value per data point,
 * \(b_\psi(x_n) = w_0 + w_1 \tilde x_n + w_2 \tilde x_n^2\) with \(\tilde x\) the standardized data,
 * fitted online by {@link #train}: plain gradient ascent on the objective surrogate of
 * {@link dev.ppl.vi.strategy.Strategies#learnedBaseline}, whose gradient with respect to
 * \(w\) is \(-\nabla_w \sum_n (C_n - b_\psi(x_n))^2\) (a least-squares fit to the continuation).
 * After the warm-up the weights are frozen, so the estimates measured afterwards are unbiased.
 */
public final class LinearBaseline {
    private final Var features;
    private final Var weights = Var.param(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 1));

    /** A baseline over {@code data} (shape {@code [N]}), starting at \(w = 0\). */
    public LinearBaseline(Var data) {
        INDArray x = data.value();
        double mean = x.meanNumber().doubleValue(), sd = x.stdNumber().doubleValue();
        INDArray t = x.sub(mean).divi(sd);
        this.features = Var.constant(Nd4j.hstack(Nd4j.onesLike(t).reshape(-1, 1), t.reshape(-1, 1), t.mul(t).reshape(-1, 1)));
    }

    /** The baseline's current values, shape {@code [N]}. */
    public Var value() {
        return features.matmul(weights).reshape(features.shape()[0]);
    }

    /** The weights \(w\) (a parameter: its gradient is the baseline's training signal). */
    public Var weights() { return weights; }

    /**
     * {@code steps} steps of gradient ascent with rate {@code rate} on the weights, each from one
     * gradient estimate of {@code objective} (which must use this baseline); model parameters in
     * {@code modelParams} are only differentiated, not changed.
     */
    public void train(Expectation<Void> objective, List<Var> modelParams, Rng rng, int steps, double rate) {
        List<Var> all = new ArrayList<>(modelParams);
        all.add(weights);
        for (Rng k : rng.split(steps)) {
            GradientEstimate g = objective.gradEstimate(k, null, all);
            weights.value().addi(g.gradients().get(weights).mul(rate));
        }
    }
}
