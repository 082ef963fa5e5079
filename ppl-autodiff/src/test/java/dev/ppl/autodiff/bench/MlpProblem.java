package dev.ppl.autodiff.bench;

import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The benchmark's training problem, shared by every MLP implementation: a 784-400-20 network
 * (ReLU hidden layer, identity output), loss \(L = \frac{0.5}{B}\sum (y - t)^2\), a fixed input
 * {@code x} of shape [B, 784] with entries in [0, 1) (pixel-like) and a fixed standard-normal target
 * {@code t} of shape [B, 20], optimised with Adam(lr 1e-3). It also knows the step's FLOP count.
 *
 * <p>Parameter layout (the order of {@code Params.names()}, shared by every implementation's flat
 * buffers): {@code mlp/0/w [784,400], mlp/0/b [400], mlp/1/w [400,20], mlp/1/b [20]}.
 */
public record MlpProblem(int batch, DataType dtype, INDArray x, INDArray t, long seed) {
    /** Input width. */
    public static final int IN = 784;
    /** Hidden width. */
    public static final int HIDDEN = 400;
    /** Output width. */
    public static final int OUT = 20;
    /** Adam learning rate. */
    public static final double LR = 1e-3;
    /** Adam \(\beta_1\). */
    public static final double BETA1 = 0.9;
    /** Adam \(\beta_2\). */
    public static final double BETA2 = 0.999;
    /** Adam \(\epsilon\). */
    public static final double EPS = 1e-8;
    /** Total number of parameters: 784*400 + 400 + 400*20 + 20. */
    public static final long N_PARAMS = (long) IN * HIDDEN + HIDDEN + (long) HIDDEN * OUT + OUT;

    /** A problem of batch size {@code batch}, data and initial weights reproducible from {@code seed}. */
    public static MlpProblem create(int batch, DataType dtype, long seed) {
        Random rx = Nd4j.getRandomFactory().getNewRandomInstance(seed * 31 + 1);
        Random rt = Nd4j.getRandomFactory().getNewRandomInstance(seed * 31 + 2);
        INDArray x = Nd4j.rand(rx, (long) batch, IN).castTo(dtype);
        INDArray t = Nd4j.randn(rt, new long[] {batch, OUT}).castTo(dtype);
        return new MlpProblem(batch, dtype, x, t, seed);
    }

    /** A fresh parameter set (He-normal weights, zero biases) from this problem's seed. */
    public Params newParams() {
        return build().params();
    }

    /** Registers the network in a fresh {@link Params} and returns both. */
    Built build() {
        Params.Builder b = Params.builder(dtype, seed);
        Mlp mlp = Mlp.create(b, "mlp", new int[] {IN, HIDDEN, OUT}, Activation.RELU, Activation.IDENTITY);
        return new Built(b.build(), mlp);
    }

    /** A parameter set and the network that reads it. */
    record Built(Params params, Mlp mlp) {}

    /**
     * Floating-point operations of one training step counted as \(2MNK\) per GEMM: forward
     * {@code x·W1} and {@code h·W2}; backward {@code hᵀ·dY}, {@code dY·W2ᵀ} and {@code xᵀ·dZ1}
     * (the input gradient of the first layer is not needed). Elementwise work is not counted.
     */
    public double flopsPerStep() {
        double b = batch;
        double forward = 2 * b * IN * HIDDEN + 2 * b * HIDDEN * OUT;
        double backward = 2 * HIDDEN * b * OUT + 2 * b * OUT * HIDDEN + 2.0 * IN * b * HIDDEN;
        return forward + backward;
    }
}
