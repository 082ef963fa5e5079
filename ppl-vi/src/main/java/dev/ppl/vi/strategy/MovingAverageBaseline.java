package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import org.nd4j.linalg.factory.Nd4j;

/**
 * REINFORCE with an exponential moving-average baseline (Williams 1992; Weaver and Tao 2001):
 * \[ T = T_x + \mathrm{sg}(C - b_t)\,(\log p_\theta(x) - \mathrm{sg}(\log p_\theta(x))), \qquad
 *    b_{t+1} = \beta\, b_t + (1 - \beta)\,\bar C_t, \]
 * where \(\bar C_t\) is the mean continuation value (over plate elements and over the choices that
 * share this rule) of estimate \(t\) and \(b_0\) is 0 until the first estimate completes (then
 * \(b_1 = \bar C_0\)). The baseline is updated only between estimates
 * ({@link Strategy#completeEstimate()}), so \(b_t\) does not depend on the draws it multiplies and
 * every estimate stays unbiased; it lowers variance when the continuation's mean drifts slowly,
 * as it does during training.
 *
 * <p><b>Mutable:</b> an instance carries its running average; give each objective (or each
 * choice, for per-choice baselines) its own instance via {@link Strategies#movingAverageBaseline}.
 * Thread-safe.
 */
public final class MovingAverageBaseline implements SingleShot {
    private final double decay;
    private final Reinforce rule = Reinforce.withBaseline(this::baselineVar);
    private double average;
    private boolean initialized;
    private double pendingSum;
    private long pendingCount;

    MovingAverageBaseline(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("moving-average baseline: the decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
    }

    /** The decay \(\beta\). */
    public double decay() {
        return decay;
    }

    /** The current baseline \(b_t\) (0 before the first completed estimate). */
    public synchronized double baseline() {
        return initialized ? average : 0.0;
    }

    private Var baselineVar() {
        return Var.constant(Nd4j.scalar(baseline()));
    }

    @Override public String name() { return "REINFORCE(moving average, decay " + decay + ")"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return true; }
    @Override public boolean hasTerm() { return true; }

    @Override
    public Var draw(Distribution<Var> dist, Rng rng) {
        return rule.draw(dist, rng);
    }

    @Override
    public synchronized Var term(Var logDensity, Var continuation) {
        Var t = rule.term(logDensity, continuation);
        pendingSum += continuation.value().meanNumber().doubleValue();
        pendingCount++;
        return t;
    }

    @Override
    public synchronized void completeEstimate() {
        if (pendingCount == 0) {
            return;
        }
        double mean = pendingSum / pendingCount;
        average = initialized ? decay * average + (1 - decay) * mean : mean;
        initialized = true;
        pendingSum = 0;
        pendingCount = 0;
    }
}
