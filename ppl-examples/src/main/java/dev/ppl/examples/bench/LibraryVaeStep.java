package dev.ppl.examples.bench;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.dist.Rng;
import dev.ppl.examples.vae.GaussianVae;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training step of the {@code vae} command exactly as its {@code Trainer} runs it: inside an
 * {@link Arena}, the gradient estimate of {@link Objectives#elbo} of a {@link GaussianVae} for
 * the step's key, written negated into the flat gradient buffer
 * ({@code Expectation.gradEstimateInto(key, x, params, -1)}), the gradient norm (the
 * trainer's non-finite guard), then {@link Adam}. The key of step \(t\) is
 * {@code Rng.of(seed).fold(t)}; the guide's noise is then {@code key.fold(0).normal(FLOAT, B, L)}
 * (the first choice of the run), which is what {@link #noise} returns.
 */
public final class LibraryVaeStep {
    private final GaussianVae vae;
    private final Params params;
    private final Expectation<INDArray> elbo;
    private final String arenaId;
    private final Adam adam;
    private double lastNorm;

    /** The step for batches of {@code batch} images of {@code vae}, Adam with learning rate {@code lr}. */
    public LibraryVaeStep(GaussianVae vae, int batch, double lr) {
        this.vae = vae;
        this.params = vae.params();
        this.elbo = Objectives.elbo(vae.problem(batch));
        this.arenaId = "bench-" + batch;
        this.adam = new Adam(lr);
    }

    /** The key of step {@code step} of a run with seed {@code seed}, as the trainer derives it. */
    public static Rng key(long seed, long step) {
        return Rng.of(seed).fold(step);
    }

    /** The reparameterization noise the library draws for the latent {@code z} under {@code key}: {@code [batch, latent]}. */
    public static INDArray noise(Rng key, int batch, int latent) {
        return key.fold(0).normal(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, latent);
    }

    /** Writes the negated ELBO gradient estimate into the gradient buffer; returns the loss (the negated estimate). */
    public double computeGradients(INDArray x, Rng key) {
        double value;
        try (Arena ignored = Arena.open(arenaId)) {
            value = elbo.gradEstimateInto(key, x, params, -1.0);
        }
        lastNorm = params.gradNorm();
        if (!Double.isFinite(value) || !Double.isFinite(lastNorm)) {
            throw new IllegalStateException("library VAE step: non-finite objective " + value + " or gradient norm " + lastNorm);
        }
        return -value;
    }

    /** One Adam update from the gradient buffer. */
    public void adamStep() {
        adam.step(params);
    }

    /** A whole training step; returns the loss. */
    public double step(INDArray x, Rng key) {
        double loss = computeGradients(x, key);
        adamStep();
        return loss;
    }

    /** Restarts from {@code flat} with the optimizer reset ({@link Adam#reset}: zeroed moments, as the hand-coded side does). */
    public void reset(INDArray flat) {
        params.flatValues().assign(flat);
        adam.reset();
    }

    /** The model (its parameters are the ones trained). */
    public GaussianVae vae() {
        return vae;
    }

    /** The flat parameter buffer. */
    public INDArray flatParams() {
        return params.flatValues();
    }

    /** The flat gradient buffer of the last {@link #computeGradients}. */
    public INDArray flatGrads() {
        return params.flatGrads();
    }
}
