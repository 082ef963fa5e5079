package dev.ppl.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.optim.Adam;
import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.vae.GaussianVae;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.train.Minibatches;
import dev.ppl.vi.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The hand-coded training run follows the library's {@code Trainer} step for step: from the same
 * weights, on the same binarized batches, with the noise the library's guide draws for each
 * step's key, the parameters after {@value #STEPS} Adam steps agree to float32 rounding. The same
 * check against a run fed the noise of another seed (a planted bug: the right math on the wrong
 * noise) fails by orders of magnitude, so the agreement is not an accident of small updates.
 */
class HandCodedTrainingTest {
    private static final int BATCH = 20;
    private static final int STEPS = 40;
    private static final long SEED = 5;
    private static final double LR = 3e-3;
    private static final VaeLayout LAYOUT = new VaeLayout(784, 32, 4);

    private static Binarized batches() {
        INDArray grey = Rng.of(17).uniform(DataType.FLOAT, 200, 784);
        return new Binarized(new Minibatches(grey, BATCH, SEED), SEED + 1);
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return Transforms.abs(a.sub(b), false).maxNumber().doubleValue();
    }

    @Test
    void parametersFollowTheLibrarysTrainerStepForStep() {
        GaussianVae vae = new GaussianVae(784, 4, 32, SEED);
        INDArray initial = vae.params().flatValues().dup();
        Trainer.builder(Objectives.elbo(vae.problem(BATCH)), batches(), vae.params(), new Adam(LR))
                .seed(SEED).steps(STEPS).build().train();
        INDArray library = vae.params().flatValues();
        HandCodedTraining.Result same = HandCodedTraining.train(LAYOUT, initial, batches(), BATCH, STEPS, SEED, LR);
        HandCodedTraining.Result otherNoise = HandCodedTraining.train(LAYOUT, initial, batches(), BATCH, STEPS, SEED + 1, LR);
        assertEquals(STEPS, same.steps());
        double moved = maxAbsDiff(library, initial);
        double agree = maxAbsDiff(library, same.flatParams());
        double planted = maxAbsDiff(library, otherNoise.flatParams());
        assertTrue(moved > 0.05, "training moved the parameters by at most " + moved);
        assertTrue(agree < 1e-4, "library and hand-coded parameters differ by up to " + agree + " after " + STEPS + " steps");
        assertTrue(planted > 100 * agree && planted > 1e-3,
                "other-noise run differs by " + planted + ", same-noise run by " + agree);
    }

    @Test
    void rejectsANegativeStepCount() {
        GaussianVae vae = new GaussianVae(784, 4, 32, SEED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HandCodedTraining.train(LAYOUT, vae.params().flatValues(), batches(), BATCH, -1, SEED, LR));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
