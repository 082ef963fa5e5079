package dev.ppl.vi.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** SAMPLE_ONLY draws from the distribution with neither a pathwise gradient nor a score term. */
class SampleOnlyTest {
    @Test
    void drawsWithoutGradientOrScoreTerm() {
        Var logit = Var.param(Nd4j.scalar(0.3)), loc = Var.param(Nd4j.scalar(0.7));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) ->
                ctx.sample("b", Bernoulli.ofLogits(logit)).add(ctx.sample("z", Normal.of(loc, Var.constant(Nd4j.scalar(1.0))))))
                .withStrategy(dev.ppl.core.Selection.all(), Strategies.SAMPLE_ONLY);
        assertEquals("SAMPLE_ONLY", Strategies.SAMPLE_ONLY.name());
        for (Rng k : Rng.of(3).split(200)) {
            GradientEstimate g = e.gradEstimate(k, null, List.of(logit, loc));
            assertFalse(g.gradients().reaches(logit), "no score term for the Bernoulli");
            assertFalse(g.gradients().reaches(loc), "no pathwise gradient for the Normal");
        }
        // the draws follow the distribution: E[b + z] = sigmoid(0.3) + 0.7
        double mean = 0;
        Rng[] keys = Rng.of(4).split(2000);
        for (Rng k : keys) {
            mean += e.estimate(k, null) / keys.length;
        }
        double expected = 1 / (1 + Math.exp(-0.3)) + 0.7;
        assertTrue(Math.abs(mean - expected) < 4 * Math.sqrt((0.25 + 1.0) / keys.length), mean + " vs " + expected);
    }
}
