package dev.ppl.vi.objectives;

import static dev.ppl.vi.Unbiased.assertUnbiased;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.GradientEstimate;
import dev.ppl.vi.Unbiased;
import dev.ppl.vi.objectives.ObjectivesTest.Conjugate;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sticking-the-landing ELBO and the doubly reparameterized IWELBO on the conjugate model of
 * {@link ObjectivesTest}: unbiased (closed-form ELBO gradient; the plain IWELBO estimator as the
 * reference for \(K > 1\)), zero-variance at the exact posterior, and planted bugs detected.
 */
@Tag("statistical")
class PathwiseGradientsTest {
    /** Per-coordinate statistics of gradient estimates of {@code e} for {@code params}. */
    static SummaryStatistics[] gradientStats(Expectation<Void> e, List<Var> params, int n, long seed) {
        int size = 0;
        for (Var p : params) {
            size += (int) p.value().length();
        }
        SummaryStatistics[] st = new SummaryStatistics[size];
        for (int i = 0; i < size; i++) {
            st[i] = new SummaryStatistics();
        }
        for (Rng k : Rng.of(seed).split(n)) {
            GradientEstimate g = e.gradEstimate(k, null, params);
            int i = 0;
            for (Var p : params) {
                for (double d : g.gradients().get(p).dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector()) {
                    st[i++].addValue(d);
                }
            }
        }
        return st;
    }

    /** The largest |mean_a - mean_b| / (4 SE of the difference) over the coordinates. */
    static double worstDifference(SummaryStatistics[] a, SummaryStatistics[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double se = Math.sqrt(a[i].getVariance() / a[i].getN() + b[i].getVariance() / b[i].getN());
            worst = Math.max(worst, Math.abs(a[i].getMean() - b[i].getMean()) / (4 * se + 1e-12));
        }
        return worst;
    }

    static double maxAbsGradient(Expectation<Void> e, List<Var> params, long seed) {
        GradientEstimate g = e.gradEstimate(Rng.of(seed), null, params);
        double m = 0;
        for (Var p : params) {
            m = Math.max(m, g.gradients().get(p).amaxNumber().doubleValue());
        }
        return m;
    }

    @Test
    void stlGradientIsExactlyZeroAtThePosteriorWhileThePlainElbosIsNot() {
        Conjugate post = Conjugate.posterior();
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(0.0, maxAbsGradient(StickingTheLanding.elbo(post.problem()), post.params(), seed), 1e-9);
            assertEquals(0.0, maxAbsGradient(DoublyReparameterized.iwelbo(post.problem(), 4), post.params(), seed), 1e-9);
        }
        double plain = 0;
        for (long seed = 1; seed <= 5; seed++) {
            plain = Math.max(plain, maxAbsGradient(Objectives.elbo(post.problem()), post.params(), seed));
        }
        assertTrue(plain > 0.1, "the plain ELBO gradient is noisy at the optimum: " + plain);
    }

    @Test
    void stlHasTheElboValueAndAnUnbiasedGradient() {
        Conjugate poor = Conjugate.poor();
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(Objectives.elbo(poor.problem()).estimate(Rng.of(seed), null),
                    StickingTheLanding.elbo(poor.problem()).estimate(Rng.of(seed), null), 1e-12);
        }
        Unbiased.Exact exact = Unbiased.Exact.of(poor::exactElbo, poor.params());
        assertUnbiased("STL", StickingTheLanding.elbo(poor.problem()), null, poor.params(), exact, 2000, 3);
        Expectation<Void> noPath = Expectation.of((ctx, a) -> {
            Trace<Void, ?> q = ctx.simulate(poor.problem().guide(), null);
            ChoiceMap fixed = q.choices().mapValues(Var::stopGradient);
            Var logP = ctx.density(poor.problem().model(), fixed.merge(ChoiceMap.of("x", Nd4j.scalar(ObjectivesTest.X))), null);
            return logP.sub(q.score());
        });
        assertTrue(Unbiased.worstRatio(noPath, null, poor.params(), exact, 2000, 3) > 1, "a gradient without its path term is caught");
    }

    @Test
    void dregWithOneParticleIsStl() {
        Conjugate poor = Conjugate.poor();
        for (long seed = 1; seed <= 3; seed++) {
            GradientEstimate a = StickingTheLanding.elbo(poor.problem()).gradEstimate(Rng.of(seed), null, poor.params());
            GradientEstimate b = DoublyReparameterized.iwelbo(poor.problem(), 1).gradEstimate(Rng.of(seed), null, poor.params());
            assertEquals(a.value(), b.value(), 1e-12);
            for (Var p : poor.params()) {
                assertEquals(a.gradients().get(p).getDouble(0), b.gradients().get(p).getDouble(0), 1e-12);
            }
        }
    }

    /** Model with a trainable prior mean \(\mu\): \(z \sim N(\mu, 1)\), \(x \sim N(z, \sigma)\); guide \(N(m, e^s)\). */
    record WithModelParam(VariationalProblem<Void> problem, List<Var> params) {
        static WithModelParam create() {
            Var mu = Var.param(Nd4j.scalar(0.4)), m = Var.param(Nd4j.scalar(-0.3)), s = Var.param(Nd4j.scalar(Math.log(0.35)));
            GenerativeFunction<Void, Var> model = Gen.fn("model", List.of(mu), (ctx, a) -> {
                Var z = ctx.sample("z", Normal.of(mu, ObjectivesTest.c(1)));
                return ctx.sample("x", Normal.of(z, ObjectivesTest.c(ObjectivesTest.SIGMA)));
            });
            GenerativeFunction<Void, Var> guide = Gen.fn("guide", List.of(m, s), (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
            return new WithModelParam(VariationalProblem.of(model, guide, ChoiceMap.of("x", Nd4j.scalar(ObjectivesTest.X))),
                    List.of(mu, m, s));
        }
    }

    private static SummaryStatistics[] plainIwelbo;

    /** The plain IWELBO(3) gradient's statistics on {@link WithModelParam} (computed once). */
    static synchronized SummaryStatistics[] plainIwelboReference() {
        if (plainIwelbo == null) {
            WithModelParam w = WithModelParam.create();
            plainIwelbo = gradientStats(Objectives.iwelbo(w.problem(), 3), w.params(), 4000, 10);
        }
        return plainIwelbo;
    }

    @Test
    void dregIsUnbiasedForTheIwelboGradientOfModelAndGuide() {
        WithModelParam w = WithModelParam.create();
        int k = 3;
        SummaryStatistics[] reference = plainIwelboReference();
        SummaryStatistics[] dreg = gradientStats(DoublyReparameterized.iwelbo(w.problem(), k), w.params(), 1500, 11);
        double r = worstDifference(dreg, reference);
        assertTrue(r < 1, "DReG vs plain IWELBO gradient: " + r + " times 4 standard errors");
    }

    @Test
    void dregWithSquaredWeightsReplacedByWeightsIsCaught() {
        WithModelParam w = WithModelParam.create();
        int k = 3;
        Expectation<Void> wrong = Expectation.of((ctx, a) -> {
            ChoiceMap obs = w.problem().observations().apply(null);
            Var[] path = new Var[k];
            Var[] lw = new Var[k];
            for (int i = 0; i < k; i++) {
                Trace<Void, ?> q = ctx.simulate(Integer.toString(i), w.problem().guide(), null);
                ChoiceMap fixed = q.choices().mapValues(Var::stopGradient);
                Var logP = ctx.density(w.problem().model(), q.choices().merge(obs), null);
                lw[i] = logP.sub(q.score());
                path[i] = lw[i].add(ctx.density(w.problem().guide(), fixed, null));
            }
            Var weights = Var.stack(0, lw).stopGradient().softmax(0);
            Var p = Var.stack(0, path);
            return Var.stack(0, lw).logSumExp(false, 0).sub(Math.log(k)).stopGradient().add(weights.mul(p.sub(p.stopGradient())).sum());
        });
        SummaryStatistics[] reference = plainIwelboReference();
        SummaryStatistics[] broken = gradientStats(wrong, w.params(), 1500, 11);
        assertTrue(worstDifference(broken, reference) > 1, "weights instead of squared weights is biased for the guide");
    }

    /** The plain RWS guide gradient \(\sum_k \tilde w_k \nabla_\phi \log q_\phi(z_k)\), \(z_k\) fixed. */
    static Expectation<Void> rwsReference(VariationalProblem<Void> problem, int k) {
        return Expectation.of((ctx, a) -> {
            ChoiceMap obs = problem.observations().apply(null);
            Var[] lw = new Var[k];
            Var[] logQ = new Var[k];
            for (int i = 0; i < k; i++) {
                Trace<Void, ?> q = ctx.simulate(Integer.toString(i), problem.guide(), null);
                ChoiceMap fixed = q.choices().mapValues(Var::stopGradient);
                lw[i] = ctx.density(problem.model(), fixed.merge(obs), null).sub(ctx.density(problem.guide(), fixed, null)).stopGradient();
                logQ[i] = ctx.density(problem.guide(), fixed, null);
            }
            return Var.stack(0, lw).softmax(0).mul(Var.stack(0, logQ)).sum();
        });
    }

    @Test
    void rwsDregIsUnbiasedForTheWakePhaseGuideGradientAndLeavesTheModelAlone() {
        WithModelParam w = WithModelParam.create();
        int k = 4;
        SummaryStatistics[] reference = gradientStats(rwsReference(w.problem(), k), w.params(), 2000, 20);
        SummaryStatistics[] dreg = gradientStats(DoublyReparameterized.rwsGuide(w.problem(), k), w.params(), 1000, 21);
        assertTrue(worstDifference(dreg, reference) < 1, "RWS-DReG vs plain RWS guide gradient");
        assertEquals(0.0, dreg[0].getMax() - dreg[0].getMin() + Math.abs(dreg[0].getMean()), 0.0, "no model gradient");
        Expectation<Void> rwsDreg = DoublyReparameterized.rwsGuide(w.problem(), k);
        Expectation<Void> flipped = Expectation.of((ctx, a) -> {
            Var t = rwsDreg.program().apply(ctx, a);
            return t.stopGradient().mul(2.0).sub(t); // same value, coefficient w^2 - w instead of w - w^2
        });
        SummaryStatistics[] broken = gradientStats(flipped, w.params(), 1000, 21);
        assertTrue(worstDifference(broken, reference) > 1, "a flipped sign of the DReG coefficient is caught");
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(rwsReference(w.problem(), k).estimate(Rng.of(seed), null),
                    DoublyReparameterized.rwsGuide(w.problem(), k).estimate(Rng.of(seed), null), 1e-9, "same value");
        }
    }
}
