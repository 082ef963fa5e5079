package dev.ppl.core.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.GenerativeFunctionContract;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dynamic language against the GFI contract, on
 * {@code z ~ N(0,1); w ~ inner(z) = N(z,1) at "sub/w"; y ~ N(x z + w, 0.5)}.
 */
class DynamicFunctionTest extends GenerativeFunctionContract<Double, Var> {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Var, Var> INNER = Gen.fn("inner", (ctx, z) -> ctx.sample("w", Normal.of(z, c(1))));

    static final GenerativeFunction<Double, Var> MODEL = Gen.fn("model", (ctx, x) -> {
        Var z = ctx.sample("z", Normal.of(c(0), c(1)));
        Var w = ctx.call("sub", INNER, z);
        return ctx.sample("y", Normal.of(z.mul(x).add(w), c(0.5)));
    });

    @Override protected GenerativeFunction<Double, Var> function() { return MODEL; }
    @Override protected Double args() { return 2.0; }
    @Override protected Double otherArgs() { return -1.0; }

    @Override
    protected double expectedScore(Trace<Double, Var> t) {
        double z = t.choices().get("z").item(), w = t.choices().get("sub/w").item(), y = t.choices().get("y").item();
        double x = t.args();
        return new NormalDistribution(0, 1).logDensity(z) + new NormalDistribution(z, 1).logDensity(w)
                + new NormalDistribution(x * z + w, 0.5).logDensity(y);
    }

    @Test
    void choicesAreNestedUnderTheCallAddress() {
        Trace<Double, Var> t = MODEL.simulate(Rng.of(1), 2.0);
        assertEquals(java.util.List.of("sub/w", "y", "z"), t.choices().addresses().stream().map(Object::toString).sorted().toList());
        assertEquals(t.choices().get("y").item(), t.retval().item());
    }

    @Test
    void generateWithTheObservationConstrainedWeighsItByItsLikelihood() {
        var g = MODEL.generate(Rng.of(3), ChoiceMap.builder().put("y", c(1.7)).build(), 2.0);
        double z = g.trace().choices().get("z").item(), w = g.trace().choices().get("sub/w").item();
        assertEquals(new NormalDistribution(2.0 * z + w, 0.5).logDensity(1.7), g.weight().item(), 1e-12);
        assertEquals(1.7, g.trace().choices().get("y").item());
    }

    @Test
    void samplingTheSameAddressTwiceIsAnErrorNamingIt() {
        GenerativeFunction<Double, Var> bad = Gen.fn("bad", (ctx, x) -> {
            ctx.sample("z", Normal.of(c(0), c(1)));
            return ctx.sample("z", Normal.of(c(0), c(1)));
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.simulate(Rng.of(1), 0.0));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("bad"), e.getMessage());
    }

    @Test
    void scoreIsDifferentiableWithRespectToParametersAndConstrainedValues() {
        Var mu = Var.param(Nd4j.scalar(0.3));
        GenerativeFunction<Double, Var> m = Gen.fn("m", java.util.List.of(mu), (ctx, x) -> ctx.sample("z", Normal.of(mu, c(1))));
        Var z = Var.param(Nd4j.scalar(1.5));
        Var score = m.assess(ChoiceMap.builder().put("z", z).build(), 0.0).logDensity();
        // d/dmu log N(z; mu, 1) = z - mu; d/dz = mu - z
        assertEquals(1.2, Grad.grad(score, mu).get(mu).getDouble(0), 1e-12);
        assertEquals(-1.2, Grad.grad(score, z).get(z).getDouble(0), 1e-12);
        assertEquals(java.util.List.of(mu), m.params());
    }
}
