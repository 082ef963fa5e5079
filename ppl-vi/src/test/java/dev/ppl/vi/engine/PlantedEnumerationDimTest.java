package dev.ppl.vi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategies;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A planted wrong enumeration dim (every parallel enumeration of a run on the same dim, so that
 * the values of different choices pair up instead of forming all combinations) must be caught by the same exact-value check that the correct engine passes:
 * a global \(z\) and a plate of three locals \(b_i \mid z\), both enumerated in parallel, costs
 * \(c_i b_i\) per element and \(2z\) outside; the exact value by enumeration in plain doubles.
 */
class PlantedEnumerationDimTest {
    static final double A = 0.3, W = -0.9;
    static final double[] L = {0.2, -0.7, 1.1}, C = {1.0, -2.0, 0.5};

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double exact() {
        double pz = sigmoid(A), given1 = 2, given0 = 0;
        for (int i = 0; i < 3; i++) {
            given1 += C[i] * sigmoid(L[i] + W);
            given0 += C[i] * sigmoid(L[i]);
        }
        return pz * given1 + (1 - pz) * given0;
    }

    static Expectation<Void> program() {
        Var a = Var.param(Nd4j.scalar(A)), l = Var.param(Nd4j.createFromArray(L)), w = Var.param(Nd4j.scalar(W));
        Var c = Var.constant(Nd4j.createFromArray(C));
        return Expectation.<Void>of((ctx, x) -> {
            Var z = ctx.sample("z", Bernoulli.ofLogits(a));
            ctx.plate("data", 3, () -> {
                Var b = ctx.sample("b", Bernoulli.ofLogits(l.add(w.mul(z))));
                ctx.addCost(b.mul(c));
                return null;
            });
            ctx.addCost(z.mul(2.0));
            return Var.constant(Nd4j.scalar(0.0));
        }).withStrategy("z", Strategies.ENUM_PARALLEL).withStrategy("b", Strategies.ENUM_PARALLEL);
    }

    @Test
    void theCorrectLayoutIsExactAndAShiftedEnumerationDimIsCaught() {
        assertEquals(exact(), SurrogateEngine.surrogate(program(), Rng.of(1), null, 0).item(), 1e-12);
        double planted;
        try {
            planted = SurrogateEngine.surrogate(program(), Rng.of(1), null, 1).item();
        } catch (RuntimeException caught) {
            System.out.println("planted enumeration dim: caught as an error: " + caught.getMessage());
            return; // an error is a catch too
        }
        System.out.printf("planted enumeration dim: %.6f against exact %.6f%n", planted, exact());
        assertTrue(Math.abs(planted - exact()) > 1e-3, "a planted enumeration dim went undetected: " + planted);
    }
}
