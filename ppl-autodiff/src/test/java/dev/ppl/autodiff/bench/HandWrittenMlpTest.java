package dev.ppl.autodiff.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The benchmark's baselines compute what the library computes: from the same weights and data,
 * {@link HandWrittenMlp} and {@link AllocatingMlp} give the library's loss, flat gradient and,
 * after Adam steps, parameters.
 */
class HandWrittenMlpTest {
    private static final int BATCH = 8;

    @Test
    void handWrittenStartsFromTheLibrarysWeights() {
        MlpProblem problem = MlpProblem.create(BATCH, DataType.FLOAT, 3);
        LibraryMlp library = new LibraryMlp(problem);
        HandWrittenMlp hand = new HandWrittenMlp(problem, library.params().flatValues());
        assertEquals(0.0, MlpBenchmark.maxAbsDiff(library.flatParams(), hand.flatParams()));
        assertEquals(MlpProblem.N_PARAMS, library.params().size());
        assertEquals(java.util.List.of("mlp/0/w", "mlp/0/b", "mlp/1/w", "mlp/1/b"), library.params().names());
    }

    @Test
    void float32GradientsAndAdamStepsAgreeWithTheLibrary() {
        agree(DataType.FLOAT, 1e-5, 1e-5);
    }

    @Test
    void float64GradientsAndAdamStepsAgreeWithTheLibrary() {
        agree(DataType.DOUBLE, 1e-12, 1e-12);
    }

    /** Checks loss (relative), gradient and parameters (absolute) before and after each of 3 Adam steps. */
    private static void agree(DataType dtype, double lossTol, double tol) {
        MlpProblem problem = MlpProblem.create(BATCH, dtype, 5);
        LibraryMlp library = new LibraryMlp(problem);
        INDArray initial = library.params().flatValues().dup();
        MlpTrainer[] others = {new HandWrittenMlp(problem, initial), new AllocatingMlp(problem, initial)};
        for (int step = 0; step <= 3; step++) {
            double loss = library.computeGradients();
            assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
            INDArray g = library.flatGrads();
            assertTrue(g.norm2Number().doubleValue() > 0, "library gradient is zero");
            for (MlpTrainer o : others) {
                String at = o.name() + " at step " + step + " (" + dtype + ")";
                assertEquals(0.0, MlpBenchmark.maxAbsDiff(library.flatParams(), o.flatParams()), tol, "parameters, " + at);
                double l = o.computeGradients();
                assertEquals(loss, l, lossTol * Math.max(1.0, Math.abs(loss)), "loss, " + at);
                assertEquals(0.0, MlpBenchmark.maxAbsDiff(g, o.flatGrads()), tol, "gradient, " + at);
            }
            library.adamStep();
            for (MlpTrainer o : others) {
                o.adamStep();
            }
        }
    }

    @Test
    void timedStepEqualsGradientThenAdam() {
        MlpProblem problem = MlpProblem.create(BATCH, DataType.FLOAT, 7);
        LibraryMlp library = new LibraryMlp(problem);
        INDArray initial = library.params().flatValues().dup();
        MlpTrainer[] all = {library, new HandWrittenMlp(problem, initial), new AllocatingMlp(problem, initial)};
        for (int i = 0; i < 3; i++) {
            for (MlpTrainer t : all) {
                t.step();
            }
        }
        double moved = MlpBenchmark.maxAbsDiff(initial, library.flatParams());
        assertTrue(moved > 1e-4, "3 Adam steps moved the parameters by only " + moved);
        for (int i = 1; i < all.length; i++) {
            assertEquals(0.0, MlpBenchmark.maxAbsDiff(library.flatParams(), all[i].flatParams()), 1e-5, all[i].name());
        }
    }

    @Test
    void resetRestartsTrainingFromTheInitialWeights() {
        MlpProblem problem = MlpProblem.create(BATCH, DataType.FLOAT, 8);
        LibraryMlp library = new LibraryMlp(problem);
        INDArray initial = library.params().flatValues().dup();
        MlpTrainer[] all = {library, new HandWrittenMlp(problem, initial), new AllocatingMlp(problem, initial)};
        for (MlpTrainer t : all) {
            t.step();
            INDArray afterOne = t.flatParams().dup();
            t.step();
            t.reset();
            assertEquals(0.0, MlpBenchmark.maxAbsDiff(initial, t.flatParams()), t.name() + " reset weights");
            t.step();   // the first step again: same weights, fresh Adam state
            assertEquals(0.0, MlpBenchmark.maxAbsDiff(afterOne, t.flatParams()), 1e-7, t.name() + " first step after reset");
        }
    }

    @Test
    void gemmsOnlyLeavesTheStepCorrect() {
        MlpProblem problem = MlpProblem.create(BATCH, DataType.DOUBLE, 9);
        LibraryMlp library = new LibraryMlp(problem);
        HandWrittenMlp hand = new HandWrittenMlp(problem, library.params().flatValues());
        hand.computeGradients();
        hand.gemmsOnly();
        double l = hand.computeGradients();
        assertEquals(library.computeGradients(), l, 1e-12);
        assertEquals(0.0, MlpBenchmark.maxAbsDiff(library.flatGrads(), hand.flatGrads()), 1e-12);
    }

    @Test
    void flopCountIsFiveGemms() {
        MlpProblem p = MlpProblem.create(1, DataType.FLOAT, 1);
        double gemm1 = 2.0 * 784 * 400, gemm2 = 2.0 * 400 * 20;
        assertEquals(2 * gemm1 + 3 * gemm2, p.flopsPerStep(), 0.0);
    }
}
