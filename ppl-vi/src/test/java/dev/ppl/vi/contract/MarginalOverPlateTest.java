package dev.ppl.vi.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.approx.Marginal;
import dev.ppl.vi.objectives.HierarchicalObjectives;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.objectives.VariationalProblem;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Marginal} over a plate of independent copies averages its \(K\) importance weights per
 * copy (issue case 11): IWHVI of \(n\) copies is \(n\) times the one-copy IWHVI, not the looser bound
 * of one estimate for the whole plate. Model \(z \sim N(0, 1)\), \(y \mid z \sim N(z, 1)\), \(y = 0.7\);
 * guide \(u \sim N(0, 1)\), \(z \sim N(m + a u, s)\).
 */
@Tag("statistical")
class MarginalOverPlateTest {
    static final double Y = 0.7, M = 0.2, A = 0.9, S = 0.6;

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static VariationalProblem<Void> problem(int n, int k) {
        Var zeros = Var.constant(Nd4j.zeros(DataType.DOUBLE, n));
        GenerativeFunction<Void, Var> model = Plate.of("copies", n, (ctx, x) -> {
            Var z = ctx.sample("z", Normal.of(zeros, c(1)));
            return ctx.sample("y", Normal.of(z, c(1)));
        });
        GenerativeFunction<Void, Var> joint = Plate.of("copies", n, (ctx, x) -> {
            Var u = ctx.sample("u", Normal.of(zeros, c(1)));
            return ctx.sample("z", Normal.of(u.mul(A).add(M), c(S)));
        });
        return VariationalProblem.of(model, Marginal.of(joint, Selection.of("z"), k),
                ChoiceMap.of("y", Nd4j.zeros(DataType.DOUBLE, n).addi(Y)));
    }

    static SummaryStatistics estimates(Expectation<Void> e, int runs, long seed, double divide) {
        SummaryStatistics s = new SummaryStatistics();
        for (Rng key : Rng.of(seed).split(runs)) {
            s.addValue(e.estimate(key, null) / divide);
        }
        return s;
    }

    @Test
    void iwhviOfManyCopiesIsManyTimesTheOneCopyBound() {
        int k = 8, copies = 16;
        SummaryStatistics one = estimates(HierarchicalObjectives.iwhvi(problem(1, k)), 4000, 1, 1);
        SummaryStatistics many = estimates(HierarchicalObjectives.iwhvi(problem(copies, k)), 400, 2, copies);
        double se = Math.sqrt(one.getVariance() / one.getN() + many.getVariance() / many.getN());
        System.out.printf("IWHVI(%d) per copy: one copy %.4f, %d copies %.4f (SE of difference %.4f)%n", k, one.getMean(),
                copies, many.getMean(), se);
        assertTrue(Math.abs(one.getMean() - many.getMean()) < 4 * se, one.getMean() + " vs " + many.getMean() + " per copy");
        SummaryStatistics hvi = estimates(HierarchicalObjectives.hvi(problem(1, 1)), 4000, 3, 1);
        double gap = one.getMean() - hvi.getMean();
        double seGap = Math.sqrt(one.getVariance() / one.getN() + hvi.getVariance() / hvi.getN());
        assertTrue(gap > 4 * seGap, "the check can fail: IWHVI(" + k + ") is above HVI by " + gap + " (SE " + seGap + ")");
    }

    @Test
    void perDataPointBoundsWorkOnAMarginalGuide() {
        VariationalProblem<Void> p = problem(4, 3);
        double total = PerDataPoint.elbo(p).estimate(Rng.of(5), null);
        double sum = HierarchicalObjectives.iwhvi(p).estimate(Rng.of(5), null);
        assertEquals(sum, total, 1e-9, "the per-point ELBO with a marginal guide sums to the IWHVI estimate");
        assertTrue(Double.isFinite(PerDataPoint.iwelbo(p, 2).estimate(Rng.of(6), null)));
    }
}
