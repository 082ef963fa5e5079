package dev.ppl.vi.strategy;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import dev.ppl.vi.Unbiased;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The moving-average and learned (NVIL) baselines of REINFORCE on a Bernoulli choice whose
 * continuation has a large offset, \(f(b) = 10 + 4b\): \(E[f] = 10 + 4p\), exact gradient
 * \(4p(1-p)\) in the logit. Without a baseline the offset inflates the variance; both baselines
 * remove it, without bias.
 */
class BaselinesTest {
    static final double OFFSET = 10.0;

    static Var param(double v) {
        return Var.param(Nd4j.scalar(v));
    }

    static Expectation<Void> offsetBernoulli(Var logit, Strategy s) {
        return Expectation.<Void>of((ctx, a) -> ctx.sample("b", Bernoulli.ofLogits(logit)).mul(4.0).add(OFFSET))
                .withStrategy("b", s);
    }

    static SummaryStatistics gradients(Expectation<Void> e, Var logit, int n, long seed) {
        SummaryStatistics st = new SummaryStatistics();
        for (Rng k : Rng.of(seed).split(n)) {
            st.addValue(e.gradEstimate(k, null, List.of(logit)).gradients().get(logit).getDouble(0));
        }
        return st;
    }

    @Test
    void movingAverageBaselineIsUnbiasedAndLowersVariance() {
        Var logit = param(0.4);
        Unbiased.Exact exact = Unbiased.Exact.of(() -> logit.sigmoid().mul(4.0).add(OFFSET), List.of(logit));
        assertUnbiased("moving average", offsetBernoulli(logit, Strategies.movingAverageBaseline(0.9)), null,
                List.of(logit), exact, 3000, 5);
        double plain = gradients(offsetBernoulli(logit, Strategies.REINFORCE), logit, 1000, 6).getVariance();
        double averaged = gradients(offsetBernoulli(logit, Strategies.movingAverageBaseline(0.9)), logit, 1000, 6).getVariance();
        assertTrue(averaged < plain / 10, "variance with baseline " + averaged + " vs without " + plain);
    }

    @Test
    void movingAverageBaselineTracksTheContinuationMeanBetweenEstimates() {
        Var logit = param(0.0);
        MovingAverageBaseline s = Strategies.movingAverageBaseline(0.5);
        assertEquals(0.0, s.baseline());
        Expectation<Void> e = offsetBernoulli(logit, s);
        double first = e.estimate(Rng.of(1), null);
        assertEquals(first, s.baseline(), 1e-12, "the first completed estimate initializes the average");
        double second = e.estimate(Rng.of(2), null);
        assertEquals(0.5 * first + 0.5 * second, s.baseline(), 1e-12);
        for (Rng k : Rng.of(3).split(400)) {
            e.estimate(k, null);
        }
        assertEquals(OFFSET + 2.0, s.baseline(), 2.0, "tracks E[f] = 12 within the spread of f");
    }

    @Test
    void aBaselineSharedByDependentChoicesIsUpdatedOnlyAfterTheWholeEstimate() {
        Var l1 = param(0.3), l2 = param(-0.2);
        MovingAverageBaseline s = Strategies.movingAverageBaseline(0.0);
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var b1 = ctx.sample("b1", Bernoulli.ofLogits(l1));
            Var b2 = ctx.sample("b2", Bernoulli.ofLogits(l2.add(b1)));
            return b1.mul(3.0).add(b2.mul(5.0)).add(OFFSET);
        }).withStrategy("b1", s).withStrategy("b2", s);
        double v = e.estimate(Rng.of(4), null);
        // both terms saw the same baseline (0); afterwards: mean of the two continuations = v
        assertEquals(v, s.baseline(), 1e-12);
    }

    @Test
    void movingAverageDecayOutsideTheUnitIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategies.movingAverageBaseline(1.0));
        assertTrue(e.getMessage().contains("1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Strategies.movingAverageBaseline(-0.1));
    }

    @Test
    void learnedBaselineKeepsTheModelGradientUnbiasedAndFitsTheMeanByLeastSquares() {
        Var logit = param(0.4);
        Var b = param(0.0);
        Unbiased.Exact exact = Unbiased.Exact.of(() -> logit.sigmoid().mul(4.0).add(OFFSET), List.of(logit));
        Expectation<Void> e = offsetBernoulli(logit, Strategies.learnedBaseline(() -> b));
        double target = OFFSET + 4.0 / (1.0 + Math.exp(-0.4));
        int n = 300;
        int t = 0;
        for (Rng k : Rng.of(7).split(n)) {
            GradientEstimate g = e.gradEstimate(k, null, List.of(b));
            assertEquals(0.0, g.gradients().get(b).getDouble(0) - 2 * (g.value() - b.item()), 1e-9,
                    "the baseline's gradient is -d/db (C - b)^2");
            // step 1 / (2 (t + 1)) makes b the running mean of the continuations
            b.value().addi(g.gradients().get(b).mul(0.5 / ++t));
        }
        double p = 1.0 / (1.0 + Math.exp(-0.4)), se = 4.0 * Math.sqrt(p * (1 - p) / n);
        assertEquals(target, b.item(), 4 * se, "b fits E[C] = " + target + " by least squares");
        assertUnbiased("learned baseline", e, null, List.of(logit), exact, 3000, 8);
    }
    /**
     * Two dependent choices whose learned baselines are two outputs of one parameter vector: not
     * refused (the later choice's fit term is in the earlier one's continuation, but its
     * parameters are a baseline's), and the logits' gradient stays unbiased against the closed
     * form \(E = 10 + 3p_1 + 5(p_1 \sigma(l_2 + 1) + (1 - p_1)\sigma(l_2))\).
     */
    @Test
    void choicesMayShareOneLearnedBaselineNetwork() {
        Var l1 = param(0.3), l2 = param(-0.2);
        Var psi = Var.param(Nd4j.createFromArray(1.0, 2.0));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var b1 = ctx.sample("b1", Bernoulli.ofLogits(l1));
            Var b2 = ctx.sample("b2", Bernoulli.ofLogits(l2.add(b1)));
            return b1.mul(3.0).add(b2.mul(5.0)).add(OFFSET);
        }).withStrategy("b1", Strategies.learnedBaseline(() -> psi.slice(0, 0, 1).sum()))
                .withStrategy("b2", Strategies.learnedBaseline(() -> psi.slice(0, 1, 2).sum()));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var p1 = l1.sigmoid();
            return p1.mul(3.0).add(p1.mul(l2.add(1.0).sigmoid()).add(p1.rsub(1.0).mul(l2.sigmoid())).mul(5.0)).add(OFFSET);
        }, List.of(l1, l2));
        GradientEstimate g = e.gradEstimate(Rng.of(3), null, List.of(l1, l2, psi));
        assertTrue(g.gradients().get(psi).getDouble(1) != 0.0, "the second baseline is fitted too");
        assertUnbiased("shared learned baseline", e, null, List.of(l1, l2), exact, 3000, 9);
    }
}
