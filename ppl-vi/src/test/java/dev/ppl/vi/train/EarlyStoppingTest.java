package dev.ppl.vi.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Sgd;
import dev.ppl.vi.Expectation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Periodic evaluation, and early stopping after {@code patience} evaluations without improvement. */
class EarlyStoppingTest {
    private final Params params = params();
    private final Var p = params.get("p");
    private final Expectation<Void> objective = Expectation.of((ctx, a) -> p.sub(1.0).square().neg());

    private static Params params() {
        Params.Builder b = Params.builder(DataType.DOUBLE, 0);
        b.add("p", Init.zeros());
        return b.build();
    }

    /** Trains up to 100 steps, evaluating every 5 steps with the given sequence of evaluations. */
    private TrainingResult run(double[] evaluations, Integer patience, List<long[]> seen, TrainingResult[] finished) {
        int[] i = {0};
        TrainerBuilder<Void> b = Trainer.builder(objective, DataSource.<Void>constant(null), params, new Sgd(0.01, 0.0))
                .steps(100)
                .evaluateEvery(5, done -> evaluations[i[0]++])
                .listener(new TrainingListener() {
                    @Override public void onEvaluation(long done, double value) {
                        seen.add(new long[] {done, (long) (value * 10)});
                    }

                    @Override public void onFinish(TrainingResult r) {
                        finished[0] = r;
                    }
                });
        if (patience != null) {
            b.earlyStopping(patience);
        }
        return b.build().train();
    }

    @Test
    void stopsAfterPatienceEvaluationsWithoutImprovement() {
        // best 3.0 at the third evaluation; 2.5, 2.9 and 3.0 (a tie is no improvement) follow
        double[] evals = {1, 2, 3, 2.5, 2.9, 3.0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
        List<long[]> seen = new ArrayList<>();
        TrainingResult[] finished = new TrainingResult[1];
        TrainingResult r = run(evals, 3, seen, finished);
        assertTrue(r.stoppedEarly());
        assertEquals(30, r.steps());
        assertEquals(3.0, r.bestEvaluation(), 0.0);
        assertEquals(6, seen.size());
        assertEquals(30, seen.get(5)[0]);
        assertEquals(r, finished[0], "the listener sees the result");
    }

    @Test
    void anImprovementResetsThePatienceCounter() {
        double[] evals = {1, 0, 0, 2, 0, 0, 3, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
        List<long[]> seen = new ArrayList<>();
        TrainingResult r = run(evals, 3, seen, new TrainingResult[1]);
        assertTrue(r.stoppedEarly());
        assertEquals(50, r.steps());
        assertEquals(3.0, r.bestEvaluation(), 0.0);
    }

    @Test
    void withoutEarlyStoppingItRunsTheWholeBudget() {
        double[] evals = new double[20];
        List<long[]> seen = new ArrayList<>();
        TrainingResult r = run(evals, null, seen, new TrainingResult[1]);
        assertFalse(r.stoppedEarly());
        assertEquals(100, r.steps());
        assertEquals(20, seen.size());
        assertEquals(5, seen.get(0)[0]);
    }

    @Test
    void earlyStoppingNeedsAnEvaluatorAndPositivePatience() {
        TrainerBuilder<Void> b = Trainer.builder(objective, DataSource.<Void>constant(null), params, new Sgd(0.01, 0.0));
        assertThrows(IllegalArgumentException.class, () -> b.earlyStopping(0));
        b.earlyStopping(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("evaluateEvery"), e.getMessage());
    }
}
