package dev.ppl.vi;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Selection;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.strategy.Strategies;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Different strategies for different steps of one sequence: a Markov chain of three Bernoulli
 * choices \(b_t \sim \mathrm{Bern}(\sigma(a + w\,b_{t-1}))\) with value \(\sum_t c_t b_t\); MVD for
 * the first steps and ENUM for the last (and the reverse), against the exact expectation by
 * enumerating all 8 paths.
 */
@Tag("statistical")
class CombinedStrategiesTest {
    static final int STEPS = 3;
    static final double[] C = {1.0, -2.0, 3.0};

    final Var a = Var.param(Nd4j.scalar(0.2));
    final Var w = Var.param(Nd4j.scalar(-0.8));

    Expectation<Void> chain() {
        return Expectation.of((ctx, args) -> {
            Var prev = Var.constant(Nd4j.scalar(0.0));
            Var value = Var.constant(Nd4j.scalar(0.0));
            for (int t = 0; t < STEPS; t++) {
                Var b = ctx.sample("s/" + t, Bernoulli.ofLogits(a.add(w.mul(prev))));
                value = value.add(b.mul(C[t]));
                prev = b;
            }
            return value;
        });
    }

    /** \(\sum_{\text{paths}} \prod_t p(b_t \mid b_{t-1}) \sum_t c_t b_t\) with differentiable ops. */
    Var exact() {
        Var total = Var.constant(Nd4j.scalar(0.0));
        for (int path = 0; path < (1 << STEPS); path++) {
            Var prob = Var.constant(Nd4j.scalar(1.0));
            double value = 0;
            int prev = 0;
            for (int t = 0; t < STEPS; t++) {
                int b = (path >> t) & 1;
                Var s = a.add(w.mul((double) prev)).sigmoid();
                prob = prob.mul(b == 1 ? s : s.rsub(1.0));
                value += C[t] * b;
                prev = b;
            }
            total = total.add(prob.mul(value));
        }
        return total;
    }

    @Test
    void mvdForTheFirstStepsAndEnumForTheLastIsUnbiased() {
        Unbiased.Exact exact = Unbiased.Exact.of(this::exact, List.of(a, w));
        Expectation<Void> e = chain().withStrategy(Selection.of("s/0", "s/1"), Strategies.MVD)
                .withStrategy("s/2", Strategies.ENUM);
        assertUnbiased("MVD then ENUM", e, null, List.of(a, w), exact, 800, 41);
        Expectation<Void> reversed = chain().withStrategy("s/0", Strategies.ENUM)
                .withStrategy(Selection.of("s/1", "s/2"), Strategies.MVD);
        assertUnbiased("ENUM then MVD", reversed, null, List.of(a, w), exact, 800, 42);
    }

    @Test
    void theLatestOverrideWinsSoOneStepCanBeSingledOut() {
        Unbiased.Exact exact = Unbiased.Exact.of(this::exact, List.of(a, w));
        Expectation<Void> e = chain().withStrategy(Selection.of("s"), Strategies.movingAverageBaseline(0.9))
                .withStrategy("s/2", Strategies.ENUM);
        assertUnbiased("REINFORCE with a moving average, ENUM at the last step", e, null, List.of(a, w), exact, 2000, 43);
        Expectation<Void> broken = chain().withStrategy(Selection.of("s"), Strategies.SAMPLE_ONLY)
                .withStrategy("s/2", Strategies.ENUM);
        assertTrue(Unbiased.worstRatio(broken, null, List.of(a, w), exact, 800, 44) > 1,
                "dropping the score terms of the first steps is caught");
    }
}
