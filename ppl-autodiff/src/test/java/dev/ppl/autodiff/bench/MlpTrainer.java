package dev.ppl.autodiff.bench;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One implementation of the {@link MlpProblem} training step, as timed by {@link MlpBenchmark}
 * and cross-checked by the tests. Flat arrays use the layout documented on {@link MlpProblem}.
 */
public interface MlpTrainer {
    /** A short name for tables. */
    String name();

    /** One full training step: forward, backward and Adam update (the timed unit). */
    void step();

    /** Forward and backward only: fills the gradient and returns the loss (for tests). */
    double computeGradients();

    /** Applies one Adam update using the gradient of the last {@link #computeGradients} (for tests). */
    void adamStep();

    /**
     * Restarts training: the initial weights and a fresh optimizer state (step 0, zero moments).
     * The benchmark resets before every timed repetition so that every repetition times the same
     * early steps: trained for long on its one fixed batch, the network memorises it, gradients
     * shrink into the float32 subnormal range and every step slows down severalfold.
     */
    void reset();

    /** The current parameters as one flat vector (a copy or a view; do not modify). */
    INDArray flatParams();

    /** The current gradient as one flat vector (a copy or a view; do not modify). */
    INDArray flatGrads();
}
