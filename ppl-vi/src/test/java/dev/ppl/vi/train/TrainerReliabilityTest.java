package dev.ppl.vi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.io.CorruptCheckpointException;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.vi.Expectation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trainer never produces a silently wrong run: corrupted checkpoints and resumes under another
 * configuration are refused, objectives that miss or bypass the trained parameters are named on
 * the first step, and persistent non-finite steps stop training with the step, the batch and the
 * first non-finite quantity.
 */
class TrainerReliabilityTest {
    @TempDir
    Path dir;

    private static TrainerBuilder<Minibatch> builder(ConjugateModel m, double lr, int batchSize) {
        return Trainer.builder(m.elbo, new Minibatches(m.data, batchSize, 2), m.params, new Adam(lr))
                .seed(5).steps(12).config("batchSize", batchSize);
    }

    private Path trainedCheckpoint() {
        Path ckpt = dir.resolve("run.ckpt");
        builder(new ConjugateModel(10, 21, 0.3, -0.5), 0.05, 2).checkpointEvery(6, ckpt).steps(6).build().train();
        return ckpt;
    }

    @Test
    void resumeRefusesAnotherConfigurationListingEveryDifference() {
        Path ckpt = trainedCheckpoint();
        ConjugateModel m = new ConjugateModel(10, 21, 0.3, -0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder(m, 0.1, 5).build().resume(ckpt));
        assertTrue(e.getMessage().contains("optimizer.lr: 0.05 in the checkpoint, 0.1 in this run"), e.getMessage());
        assertTrue(e.getMessage().contains("batchSize: 2 in the checkpoint, 5 in this run"), e.getMessage());
        assertArrayEquals(new double[] {0.3, -0.5}, m.flat(), 0.0, "nothing was restored");

        Trainer<Minibatch> allowed = builder(m, 0.1, 2).allowConfigChange("optimizer.lr").build().resume(ckpt);
        assertEquals(6, allowed.completedSteps());
        assertEquals(12, allowed.train().steps());
    }

    @Test
    void aCorruptedCheckpointIsRefusedBeforeAnythingIsRestored() throws Exception {
        Path ckpt = trainedCheckpoint();
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 3] ^= 0x10;
        Files.write(ckpt, bytes);
        ConjugateModel m = new ConjugateModel(10, 21, 0.3, -0.5);
        Trainer<Minibatch> t = builder(m, 0.05, 2).build();
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> t.resume(ckpt));
        assertTrue(e.getMessage().contains("run.ckpt") && e.getMessage().contains("integrity"), e.getMessage());
        assertEquals(0, t.completedSteps());
        assertArrayEquals(new double[] {0.3, -0.5}, m.flat(), 0.0);
    }

    @Test
    void aTrainableValueOutsideTheParamsIsNamedOnTheFirstStep() {
        ConjugateModel m = new ConjugateModel(10, 21, 0.3, -0.5);
        Var stray = Var.param(Nd4j.zeros(DataType.DOUBLE, 3));
        Expectation<Minibatch> withStray = Expectation.of((ctx, b) -> m.elbo.program().apply(ctx, b).add(stray.square().sum()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                Trainer.builder(withStray, new Minibatches(m.data, 2, 2), m.params, new Adam(0.05)).steps(3).build().train());
        assertTrue(e.getMessage().contains("not in the trainer's Params (shapes [3])"), e.getMessage());
        assertArrayEquals(new double[] {0.3, -0.5}, m.flat(), 0.0, "no step was taken");

        Trainer.builder(withStray, new Minibatches(m.data, 2, 2), m.params, new Adam(0.05)).steps(3)
                .allowUntrainedParameters().build().train();
    }

    @Test
    void aParameterTheObjectiveNeverReachesIsNamed() {
        ConjugateModel m = new ConjugateModel(10, 21, 0.3, -0.5);
        Params.Builder pb = Params.builder(DataType.DOUBLE, 0);
        pb.add("m", Init.constant(0.0));
        pb.add("unused/w", Init.zeros(), 2, 2);
        Params more = pb.build();
        Expectation<Minibatch> onlyM = Expectation.of((ctx, b) -> more.get("m").square().neg());
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                Trainer.builder(onlyM, new Minibatches(m.data, 2, 2), more, new Adam(0.05)).steps(3).build().train());
        assertTrue(e.getMessage().contains("no gradient path reaches parameter(s) 'unused/w' of 2"), e.getMessage());
    }

    @Test
    void allNonFiniteDataStopsAfterTheLimitInARow() {
        ConjugateModel m = new ConjugateModel(10, 21, 0.3, -0.5);
        m.data.assign(Double.NaN);
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class,
                () -> builder(m, 0.05, 2).steps(100).build().train());
        assertEquals(9, e.step());
        assertTrue(e.getMessage().contains("Trainer stopped at step 9: 10 steps in a row were skipped"), e.getMessage());
        assertTrue(e.getMessage().contains("non-finite objective value NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("minibatch of shape [2] whose entry [0] is NaN"), e.getMessage());
        assertArrayEquals(new double[] {0.3, -0.5}, m.flat(), 0.0, "parameters untouched");
    }

    @Test
    void oneBadRowStopsTrainingOnceTheSkippedFractionExceedsTheLimit() {
        ConjugateModel m = new ConjugateModel(10, 21, 0.3, -0.5);
        m.data.putScalar(7, Double.POSITIVE_INFINITY);  // one row in ten: one step in five is skipped
        NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class,
                () -> builder(m, 0.05, 2).steps(1000).build().train());
        assertTrue(e.step() >= 19 && e.step() < 40, "checked once 20 steps were taken, at step " + e.step());
        assertTrue(e.getMessage().contains("steps were skipped, more than the limit of 5.0%"), e.getMessage());
        assertTrue(e.getMessage().contains("is Infinity"), e.getMessage());
    }

    @Test
    void aRareSkippedStepIsToleratedAndCountedAcrossAResume() {
        ConjugateModel m = new ConjugateModel(10, 21, 0.3, -0.5);
        m.data.putScalar(7, Double.NaN);
        TrainingResult r = builder(m, 0.05, 2).skipLimits(3, 0.25).steps(40).build().train();
        assertEquals(40, r.steps());
        assertEquals(8, r.skippedSteps());
    }
}
