package dev.ppl.vi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.ChoiceShape;
import dev.ppl.vi.strategy.MultiShot;
import dev.ppl.vi.strategy.SingleShot;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deliberately broken strategies (written through the public {@link Strategy} extension point)
 * must be caught by the same unbiasedness check the real ones pass.
 */
@Tag("statistical")
class MutationTest {
    /** REINFORCE without its score term: no gradient reaches the distribution's parameters. */
    static final Strategy REINFORCE_WITHOUT_SCORE = new SingleShot() {
        @Override public String name() { return "REINFORCE-without-score"; }
        @Override public boolean appliesTo(Distribution<Var> dist) { return true; }
        @Override public Var draw(Distribution<Var> dist, Rng rng) { return dist.sample(rng).stopGradient(); }
    };

    /** Bernoulli MVD with the sign of the coupling flipped. */
    static final Strategy MVD_FLIPPED = new MultiShot() {
        @Override public String name() { return "MVD-flipped"; }
        @Override public boolean appliesTo(Distribution<Var> dist) { return dist instanceof Bernoulli; }

        @Override
        public Fork fork(Distribution<Var> dist, ChoiceShape shape, Rng rng) {
            Bernoulli b = (Bernoulli) dist;
            Var x = b.sample(rng);
            return new Fork() {
                @Override public List<Var> values() { return List.of(x, x.rsub(1.0)); }

                @Override
                public Var combine(List<Var> t) {
                    Var s = x.mul(2.0).sub(1.0).neg(); // the planted bug
                    return t.get(0).add(b.probs().sub(b.probs().stopGradient()).mul(s.mul(t.get(0).sub(t.get(1))).stopGradient()));
                }
            };
        }
    };

    private static double worst(Strategy discrete, Strategy continuous) {
        Var t1 = Var.param(Nd4j.scalar(0.3)), t2 = Var.param(Nd4j.scalar(-0.4));
        Unbiased.Exact exact = Unbiased.Exact.of(() -> {
            Var p = t1.sigmoid();
            return p.mul(t2.add(2.0).square().add(4.0)).add(p.rsub(1.0).mul(t2.square().add(1.0)));
        }, List.of(t1, t2));
        Expectation<Void> e = Expectation.<Void>of((ctx, a) -> {
            Var b = ctx.sample("b", Bernoulli.ofLogits(t1));
            Var x = ctx.sample("x", Normal.of(t2.add(b.mul(2.0)), Var.constant(Nd4j.scalar(1.0))));
            return x.square().add(b.mul(3.0));
        }).withStrategy("b", discrete).withStrategy("x", continuous);
        return Unbiased.worstRatio(e, null, List.of(t1, t2), exact, 2500, 11);
    }

    @Test
    void theCorrectStrategiesPassTheCheckTheMutantsFail() {
        assertTrue(worst(Strategies.MVD, Strategies.REPARAM) <= 1, "correct MVD");
        assertTrue(worst(Strategies.REINFORCE, Strategies.REPARAM) <= 1, "correct REINFORCE");
        assertTrue(worst(MVD_FLIPPED, Strategies.REPARAM) > 1, "flipped MVD went undetected");
        assertTrue(worst(REINFORCE_WITHOUT_SCORE, Strategies.REPARAM) > 1, "REINFORCE without score went undetected");
        assertTrue(worst(Strategies.ENUM, REINFORCE_WITHOUT_SCORE) > 1, "continuous REINFORCE without score went undetected");
    }
}
