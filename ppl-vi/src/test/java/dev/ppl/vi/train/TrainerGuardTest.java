package dev.ppl.vi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Sgd;
import dev.ppl.vi.Expectation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The non-finite guard skips exactly the bad update and names its cause; clipping bounds the update. */
class TrainerGuardTest {
    private static Params params() {
        Params.Builder b = Params.builder(DataType.DOUBLE, 0);
        b.add("a", Init.constant(0.0), 2);
        b.add("b", Init.constant(1.0));
        return b.build();
    }

    /**
     * Maximizes \(-\|a - 1\|^2 - (b - 2)^2 + \sqrt{c\,b}\) where the batch is \(c\): with
     * \(c = 0\) the value is finite but \(\partial/\partial b = c / (2\sqrt{cb}) = 0 \cdot \infty\)
     * is NaN, only for {@code b}; with \(c = \) NaN the value itself is NaN.
     */
    private static Expectation<Double> objective(Params p) {
        Var a = p.get("a"), b = p.get("b");
        return Expectation.of((ctx, c) -> a.sub(1.0).square().sum().neg().sub(b.sub(2.0).square())
                .add(b.mul(Var.constant(Nd4j.scalar(c))).sqrt()));
    }

    /** Trains 8 steps where step {@code bad} sees batch {@code badBatch}; returns the step results. */
    private static List<StepResult> run(Params p, int bad, double badBatch, List<double[]> values) {
        List<StepResult> results = new ArrayList<>();
        Trainer.builder(objective(p), step -> step == bad ? badBatch : 1.0, p, new Sgd(0.05, 0.0))
                .steps(8)
                .listener(new TrainingListener() {
                    @Override public void onStep(StepResult r) {
                        results.add(r);
                        values.add(p.flatValues().toDoubleVector());
                    }
                })
                .build().train();
        return results;
    }

    private static void assertOnlyStepSkipped(List<StepResult> results, List<double[]> values, int bad) {
        assertEquals(8, results.size());
        for (StepResult r : results) {
            assertEquals(r.step() == bad, r.skipped(), "step " + r.step());
            if (r.step() != bad) {
                assertNull(r.message());
                assertTrue(Double.isFinite(r.objective()) && Double.isFinite(r.gradNorm()));
            }
        }
        assertArrayEquals(values.get(bad - 1), values.get(bad), 0.0, "the bad step's update is skipped");
        assertFalse(Arrays.equals(values.get(bad), values.get(bad + 1)), "training continues after it");
        for (double[] v : values) {
            assertTrue(Arrays.stream(v).allMatch(Double::isFinite));
        }
    }

    @Test
    void aNonFiniteGradientSkipsThatUpdateAndNamesTheParameter() {
        Params p = params();
        List<double[]> values = new ArrayList<>();
        List<StepResult> results = run(p, 3, 0.0, values);
        assertOnlyStepSkipped(results, values, 3);
        StepResult bad = results.get(3);
        assertTrue(Double.isFinite(bad.objective()), "the value is finite; only b's gradient is not");
        assertTrue(bad.message().contains("step 3") && bad.message().contains("parameter 'b'")
                && !bad.message().contains("'a'"), bad.message());
    }

    @Test
    void aNonFiniteValueSkipsThatUpdateAndSaysSo() {
        Params p = params();
        List<double[]> values = new ArrayList<>();
        List<StepResult> results = run(p, 5, Double.NaN, values);
        assertOnlyStepSkipped(results, values, 5);
        assertTrue(results.get(5).message().contains("non-finite objective value NaN"), results.get(5).message());
    }

    @Test
    void clippingLimitsTheUpdateNorm() {
        // the gradient of 100 (a_1 + a_2 + a_3) has norm 100 sqrt(3); SGD with lr 1 moves by the clipped norm
        for (double clip : new double[] {0.5, 2.0}) {
            Params.Builder b = Params.builder(DataType.DOUBLE, 0);
            b.add("a", Init.constant(0.0), 3);
            Params p = b.build();
            Var a = p.get("a");
            List<StepResult> results = new ArrayList<>();
            List<Double> moves = new ArrayList<>();
            double[][] before = {p.flatValues().toDoubleVector()};
            Trainer.builder(Expectation.<Void>of((ctx, x) -> a.mul(100.0).sum()), DataSource.<Void>constant(null), p,
                            new Sgd(1.0, 0.0))
                    .steps(3).clipNorm(clip)
                    .listener(new TrainingListener() {
                        @Override public void onStep(StepResult r) {
                            results.add(r);
                            double[] now = p.flatValues().toDoubleVector();
                            double d = 0;
                            for (int i = 0; i < now.length; i++) {
                                d += (now[i] - before[0][i]) * (now[i] - before[0][i]);
                                assertTrue(now[i] > before[0][i], "moves uphill (the objective is maximized)");
                            }
                            moves.add(Math.sqrt(d));
                            before[0] = now;
                        }
                    })
                    .build().train();
            for (int i = 0; i < 3; i++) {
                assertEquals(clip, moves.get(i), 1e-12, "update norm, clip " + clip);
                assertEquals(100 * Math.sqrt(3), results.get(i).gradNorm(), 1e-9, "reported norm is before clipping");
            }
        }
    }
}
