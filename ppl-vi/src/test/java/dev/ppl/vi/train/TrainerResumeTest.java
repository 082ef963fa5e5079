package dev.ppl.vi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.io.Checkpoint;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.autodiff.optim.Optimizer;
import dev.ppl.autodiff.optim.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints every N steps, and bit-exact resumption from them with freshly built objects. */
class TrainerResumeTest {
    @TempDir
    Path dir;

    /** Everything a run needs, built from scratch (fresh Params, optimizer, data source, trainer). */
    private static Trainer<Minibatch> build(Supplier<Optimizer> opt, long steps, Path ckpt, ConjugateModel[] out,
                                            List<TrainingListener> listeners) {
        ConjugateModel model = new ConjugateModel(10, 21, 0.3, -0.5);
        out[0] = model;
        // evaluation: a function of the parameters whose best is at step 6, before the checkpoint
        // at step 10, so the best value and the patience counter (4) must travel through it:
        // the run stops early at step 18
        TrainerBuilder<Minibatch> b = Trainer.builder(model.elbo, new Minibatches(model.data, 4, 2), model.params, opt.get())
                .seed(99).steps(steps).clipNorm(5.0)
                .evaluateEvery(3, done -> model.params.get("m").value().getDouble(0) + (done == 6 ? 100 : 0))
                .earlyStopping(4);
        if (ckpt != null) {
            b.checkpointEvery(5, ckpt);
        }
        listeners.forEach(b::listener);
        return b.build();
    }

    private void assertResumeIsExact(Supplier<Optimizer> opt) {
        ConjugateModel[] m = new ConjugateModel[1];
        TrainingResult straight = build(opt, 23, null, m, List.of()).train();
        double[] expected = m[0].flat();
        assertTrue(straight.stoppedEarly() && straight.steps() == 18, straight.toString());

        Path ckpt = dir.resolve("run.ckpt");
        TrainingResult first = build(opt, 10, ckpt, m, List.of()).train();
        assertEquals(10, first.steps());
        double[] atTen = m[0].flat();
        assertFalse(java.util.Arrays.equals(atTen, expected), "the runs must actually diverge after step 10");

        Trainer<Minibatch> resumed = build(opt, 23, ckpt, m, List.of()).resume(ckpt);
        assertEquals(10, resumed.completedSteps());
        assertArrayEquals(atTen, m[0].flat(), 0.0, "parameters restored");
        TrainingResult rest = resumed.train();
        assertArrayEquals(expected, m[0].flat(), 0.0, "bit-identical parameters after resuming");
        assertEquals(straight, rest, "same step count, best evaluation and skip count");
    }

    @Test
    void resumingWithAdamReproducesTheUninterruptedRunBitForBit() {
        assertResumeIsExact(() -> new Adam(0.05));
    }

    @Test
    void resumingWithMomentumSgdReproducesTheUninterruptedRunBitForBit() {
        assertResumeIsExact(() -> new Sgd(0.002, 0.9));
    }

    @Test
    void aRunThatStoppedEarlyStaysStoppedWhenResumed() {
        ConjugateModel[] m = new ConjugateModel[1];
        Trainer<Minibatch> t = build(() -> new Adam(0.05), 23, null, m, List.of());
        TrainingResult done = t.train();
        assertTrue(done.stoppedEarly());
        Path ckpt = dir.resolve("stopped.ckpt");
        t.save(ckpt);
        double[] end = m[0].flat();
        TrainingResult again = build(() -> new Adam(0.05), 23, null, m, List.of()).resume(ckpt).train();
        assertEquals(done, again);
        assertArrayEquals(end, m[0].flat(), 0.0, "no further steps");
    }

    @Test
    void checkpointsAreWrittenEveryNStepsAndHoldThatStep() {
        Path ckpt = dir.resolve("sub").resolve("every.ckpt");
        List<Long> seen = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override public void onCheckpoint(long step, Path path) {
                assertEquals(ckpt, path);
                assertTrue(Files.exists(path));
                Checkpoint c = Checkpoint.load(path);
                assertEquals(Long.toString(step), c.metadata().get("train.step"));
                assertEquals("99", c.metadata().get("train.seed"));
                assertEquals("adam", c.optimizer().kind());
                assertEquals(step, c.optimizer().step());
                seen.add(step);
            }
        };
        build(() -> new Adam(0.05), 17, ckpt, new ConjugateModel[1], List.of(l)).train();
        assertEquals(List.of(5L, 10L, 15L), seen);
        try (var files = Files.list(ckpt.getParent())) {
            assertEquals(List.of(ckpt), files.toList(), "one file, no temporaries left behind");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void resumingUnderAnotherSeedOrOptimizerIsAnError() {
        Path ckpt = dir.resolve("seed.ckpt");
        ConjugateModel[] m = new ConjugateModel[1];
        build(() -> new Adam(0.05), 5, ckpt, m, List.of()).train();
        ConjugateModel other = new ConjugateModel(10, 21, 0.3, -0.5);
        Trainer<Minibatch> wrongSeed = Trainer.builder(other.elbo, new Minibatches(other.data, 4, 2), other.params, new Adam(0.05))
                .seed(100).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrongSeed.resume(ckpt));
        assertTrue(e.getMessage().contains("seed 99"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> build(() -> new Sgd(0.01, 0.9), 5, null, m, List.of()).resume(ckpt));
    }
}
