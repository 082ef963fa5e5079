package dev.ppl.examples.bench;

import dev.ppl.dist.Rng;
import dev.ppl.vi.train.DataSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains the hand-coded VAE ({@link HandCodedVae}) on exactly what the library's {@code Trainer}
 * feeds the {@code vae} command's model: at step \(s\) the batch {@code data.batch(s)} and the
 * reparameterization noise \(\varepsilon_s\) the library's guide draws for the key
 * {@code Rng.of(seed).fold(s)} ({@link LibraryVaeStep#noise}), then one Adam update with the same
 * hyperparameters. Since both sides compute the same one-sample ELBO gradient from the same
 * weights, batches and noise, their parameter trajectories coincide up to float32 rounding, and
 * so do their test ELBOs: the reference the {@code vae --compare-hand-coded} run measures the
 * library against.
 */
public final class HandCodedTraining {
    /** What a run produced: the final flat parameters (the library's {@code Params} layout), the steps and the time. */
    public record Result(INDArray flatParams, long steps, double seconds, double lastLoss) {}

    private HandCodedTraining() {}

    /**
     * Runs {@code steps} steps of batch {@code batch} from {@code initialFlat}.
     *
     * @param layout the model's dimensions
     * @param initialFlat the initial parameters in the library's layout (not modified)
     * @param data the binarized batches, {@code [batch, D]} float32 per step
     * @param seed the trainer's seed (the key of step \(s\) is {@code Rng.of(seed).fold(s)})
     * @param lr the Adam learning rate
     * @throws IllegalStateException naming the step if the loss becomes non-finite
     */
    public static Result train(VaeLayout layout, INDArray initialFlat, DataSource<INDArray> data, int batch, long steps,
                               long seed, double lr) {
        if (steps < 0) {
            throw new IllegalArgumentException("HandCodedTraining: steps must be non-negative, got " + steps);
        }
        HandCodedVae vae = new HandCodedVae(layout, batch, initialFlat, lr);
        long t0 = System.nanoTime();
        double loss = Double.NaN;
        for (long s = 0; s < steps; s++) {
            INDArray eps = LibraryVaeStep.noise(LibraryVaeStep.key(seed, s), batch, layout.latent());
            loss = vae.step(data.batch(s), eps);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("hand-coded VAE: non-finite loss " + loss + " at step " + s);
            }
        }
        return new Result(vae.flatParams().dup(), steps, (System.nanoTime() - t0) / 1e9, loss);
    }
}
