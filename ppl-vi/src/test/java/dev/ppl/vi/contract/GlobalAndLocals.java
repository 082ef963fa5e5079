package dev.ppl.vi.contract;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared fixture of the contract tests: a global \(z \sim \mathrm{Bern}(\sigma(a))\) and a plate
 * of three locals \(b_i \sim \mathrm{Bern}(\sigma(l_i + w z))\), with cost \(c_i b_i\) per element and
 * \(2z\) outside the plate, and its exact value by enumeration in plain doubles.
 */
public final class GlobalAndLocals {
    /** The per-element cost coefficients \(c_i\). */
    public static final double[] C = {1.0, -2.0, 0.5};

    private GlobalAndLocals() {}

    /** The program with {@code global} on {@code z} and {@code local} on {@code b}. */
    public static Expectation<Void> program(Var a, Var l, Var w, Strategy global, Strategy local) {
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
        }).withStrategy("z", global).withStrategy("b", local);
    }

    /**
     * The exact objective \(p_z (2 + \sum_i c_i \sigma(l_i + w)) + (1 - p_z) \sum_i c_i \sigma(l_i)\) at
     * {@code t = (a, l_1, l_2, l_3, w)}.
     */
    public static double exact(double[] t) {
        double pz = Exact.sigmoid(t[0]);
        double given1 = 2, given0 = 0;
        for (int i = 0; i < 3; i++) {
            given1 += C[i] * Exact.sigmoid(t[1 + i] + t[4]);
            given0 += C[i] * Exact.sigmoid(t[1 + i]);
        }
        return pz * given1 + (1 - pz) * given0;
    }
}
