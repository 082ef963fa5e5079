package dev.ppl.vi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ExpectationContext#generate}: constrained choices keep their values and form the weight; errors name addresses. */
class ExpectationContextTest {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Void, Var> INNER = Gen.fn("inner", (ctx, a) -> ctx.sample("w", Normal.of(c(0), c(2))));
    static final GenerativeFunction<Void, Var> FN = Gen.fn("fn", (ctx, a) -> {
        Var u = ctx.sample("u", Normal.of(c(0), c(1)));
        Var w = ctx.call("inner", INNER, null);
        return ctx.sample("x", Normal.of(u.add(w), c(0.5)));
    });

    @Test
    void generateWeighsTheConstrainedChoicesGivenTheDrawnOnes() {
        ChoiceMap constraints = ChoiceMap.builder().put("x", Nd4j.scalar(0.4)).put("inner/w", Nd4j.scalar(-0.3)).build();
        Generated<?, ?>[] out = new Generated<?, ?>[1];
        Expectation.<Void>of((ctx, a) -> {
            out[0] = ctx.generate("g", FN, constraints, a);
            return out[0].weight();
        }).estimate(Rng.of(3), null);
        ChoiceMap choices = out[0].trace().choices();
        double u = choices.get("u").item();
        assertEquals(-0.3, choices.get("inner/w").item(), 0.0);
        assertEquals(0.4, choices.get("x").item(), 0.0);
        double expected = new NormalDistribution(0, 2).logDensity(-0.3) + new NormalDistribution(u - 0.3, 0.5).logDensity(0.4);
        assertEquals(expected, out[0].weight().item(), 1e-9);
        assertEquals(expected + new NormalDistribution(0, 1).logDensity(u), out[0].trace().score().item(), 1e-9);
    }

    @Test
    void generateRejectsConstraintsTheFunctionNeverVisits() {
        ChoiceMap constraints = ChoiceMap.of("y", Nd4j.scalar(1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expectation.<Void>of((ctx, a) -> ctx.generate(null, FN, constraints, a).weight()).estimate(Rng.of(1), null));
        assertTrue(e.getMessage().contains("[y]") && e.getMessage().contains("fn"), e.getMessage());
    }

    @Test
    void theGeneratedChoicesCarryTheirStrategiesGradients() {
        Var m = Var.param(Nd4j.scalar(0.5));
        GenerativeFunction<Void, Var> g = Gen.fn("g", List.of(m), (ctx, a) -> {
            Var u = ctx.sample("u", Normal.of(m, c(1)));
            return ctx.sample("x", Normal.of(u, c(1)));
        });
        // E_u[log N(x; u, 1)] with u ~ N(m, 1) = -(x - m)^2/2 - 1/2 - log(2 pi)/2; at x = 0: d/dm = -m
        Expectation<Void> e = Expectation.of((ctx, a) -> ctx.generate("g", g, ChoiceMap.of("x", Nd4j.scalar(0.0)), a).weight());
        Unbiased.Exact exact = new Unbiased.Exact(-0.125 - 0.5 - 0.5 * Math.log(2 * Math.PI), new double[][] {{-0.5}});
        Unbiased.assertUnbiased("generate weight", e, null, List.of(m), exact, 400, 7);
    }
}
