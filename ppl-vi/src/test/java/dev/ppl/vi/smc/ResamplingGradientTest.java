package dev.ppl.vi.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.dist.Rng;
import dev.ppl.vi.strategy.Strategies;
import org.junit.jupiter.api.Test;

/** The variants' strategies, names and bad input; a strategy that does not apply is refused naming the address. */
class ResamplingGradientTest {
    @Test
    void variantsCarryTheirStrategies() {
        assertEquals(Strategies.SAMPLE_ONLY, ResamplingGradient.DROPPED.ancestorStrategy());
        assertFalse(ResamplingGradient.DROPPED.isUnbiased());
        assertEquals(Strategies.REINFORCE, ResamplingGradient.REINFORCE.ancestorStrategy());
        assertTrue(ResamplingGradient.REINFORCE.isUnbiased());
        assertTrue(ResamplingGradient.reinforce(Strategies.movingAverageBaseline(0.9)).isUnbiased());
        assertFalse(ResamplingGradient.reinforce(Strategies.SAMPLE_ONLY).isUnbiased());
        assertEquals(3, ResamplingGradient.leaveOneOut(3).leaveOneOutSweeps());
        assertTrue(ResamplingGradient.leaveOneOut(2).isUnbiased());
    }

    @Test
    void badInputIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResamplingGradient.leaveOneOut(1));
        assertTrue(e.getMessage().contains("at least 2 sweeps, got 1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ResamplingGradient.reinforce(null));
    }

    @Test
    void aStrategyThatDoesNotApplyToAncestorsIsRefusedNamingTheAddress() {
        TinyDiscrete tiny = new TinyDiscrete(new double[] {1.0, 2.0}, 0.4, -3.3, 2.7, 0.5, 0.5, 2);
        SmcSampler<dev.ppl.autodiff.Var> smc = tiny.smc(ResamplingPolicy.everyStep(Resampling.SYSTEMATIC));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fivo.of(smc, ResamplingGradient.reinforce(Strategies.ENUM)).estimate(Rng.of(1), tiny.init()));
        assertTrue(e.getMessage().contains("smc/1/ancestors") && e.getMessage().contains("ENUM"), e.getMessage());
    }
}
