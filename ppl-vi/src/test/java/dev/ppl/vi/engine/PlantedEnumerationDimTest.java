package dev.ppl.vi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.contract.GlobalAndLocals;
import dev.ppl.vi.strategy.Strategies;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A planted wrong enumeration dim (every parallel enumeration of a run on the same dim, so that
 * the values of different choices pair up instead of forming all combinations) must be caught
 * by the same exact-value check that the correct engine passes, on {@link GlobalAndLocals} with
 * both choices enumerated in parallel.
 */
class PlantedEnumerationDimTest {
    static final double[] THETA = {0.3, 0.2, -0.7, 1.1, -0.9};

    static Expectation<Void> program() {
        Var a = Var.param(Nd4j.scalar(THETA[0]));
        Var l = Var.param(Nd4j.createFromArray(THETA[1], THETA[2], THETA[3]));
        Var w = Var.param(Nd4j.scalar(THETA[4]));
        return GlobalAndLocals.program(a, l, w, Strategies.ENUM_PARALLEL, Strategies.ENUM_PARALLEL);
    }

    @Test
    void theCorrectLayoutIsExactAndAPlantedEnumerationDimIsCaught() {
        double exact = GlobalAndLocals.exact(THETA);
        assertEquals(exact, SurrogateEngine.surrogate(program(), Rng.of(1), null, 0).item(), 1e-12);
        double planted = SurrogateEngine.surrogate(program(), Rng.of(1), null, 1).item();
        assertTrue(Math.abs(planted - exact) > 1e-3, "a planted enumeration dim went undetected: " + planted + " vs " + exact);
    }
}
