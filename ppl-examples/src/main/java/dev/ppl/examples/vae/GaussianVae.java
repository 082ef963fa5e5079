package dev.ppl.examples.vae;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.objectives.VariationalProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The variational autoencoder of Kingma and Welling (2014) for binary images \(x \in \{0,1\}^D\):
 * <ul>
 *   <li>model \(p_\theta\): \(z \sim N(0, I_L)\), \(x_d \sim \mathrm{Bernoulli}(\sigma(f_\theta(z)_d))\),
 *       with the decoder \(f_\theta\) an MLP \(L \to H \to D\) (ReLU);</li>
 *   <li>guide \(q_\phi(z \mid x) = N(\mu_\phi(x), \mathrm{diag}\,\sigma_\phi(x)^2)\), with the encoder an
 *       MLP \(D \to H \to 2L\) giving \(\mu\) and \(\log \sigma\) (clamped to \([-8, 4]\)).</li>
 * </ul>
 * Both are plates over a minibatch of \(n\) images (one latent vector per image), written with
 * the public modeling API; {@link #problem} pairs them with the observed pixels at address
 * {@code "x"}. The latent is at address {@code "z"}, shape {@code [n, L]}.
 */
public final class GaussianVae {
    private final Params params;
    private final Mlp encoder;
    private final Mlp decoder;
    private final int latent;
    private final int pixels;
    private final int hidden;

    /** A VAE for images of {@code pixels} pixels with {@code latent} latent dimensions and {@code hidden} hidden units. */
    public GaussianVae(int pixels, int latent, int hidden, long seed) {
        Params.Builder b = Params.builder(DataType.FLOAT, seed);
        this.encoder = Mlp.create(b, "encoder", new int[] {pixels, hidden, 2 * latent}, Activation.RELU, Activation.IDENTITY);
        this.decoder = Mlp.create(b, "decoder", new int[] {latent, hidden, pixels}, Activation.RELU, Activation.IDENTITY);
        this.params = b.build();
        this.latent = latent;
        this.pixels = pixels;
        this.hidden = hidden;
    }

    /** Every trainable parameter (encoder and decoder). */
    public Params params() {
        return params;
    }

    /** The latent dimension \(L\). */
    public int latent() {
        return latent;
    }

    /** The inference problem for minibatches of exactly {@code n} images, shape {@code [n, D]}. */
    public VariationalProblem<INDArray> problem(int n) {
        return problem(n, 1.0);
    }

    /**
     * The inference problem for {@code n} images whose per-image terms (the plates' log densities
     * in the model and the guide) are weighted by {@code scale}, the subsampling weight of a shard.
     */
    public VariationalProblem<INDArray> problem(int n, double scale) {
        INDArray zero = Nd4j.zeros(DataType.FLOAT, n, latent);
        GenerativeFunction<INDArray, Var> model = Plate.of("vae-model", n, scale, params.vars(), (ctx, x) -> {
            Var z = ctx.sample("z", Normal.of(Var.constant(zero), Var.scalar(1.0, DataType.FLOAT)).toEvent(1));
            return ctx.sample("x", Bernoulli.ofLogits(decoder.apply(params, z)).toEvent(1));
        });
        GenerativeFunction<INDArray, Var> guide = Plate.of("vae-guide", n, scale, params.vars(), (ctx, x) -> {
            Var h = encoder.apply(params, Var.constant(x));
            Var logSd = h.slice(1, latent, 2L * latent).clamp(-8, 4);
            return ctx.sample("z", Normal.of(h.slice(1, 0, latent), logSd.exp()).toEvent(1));
        });
        return new VariationalProblem<>(model, guide, x -> ChoiceMap.of("x", x));
    }

    /** The guide's mean \(\mu_\phi(x)\) for images {@code x} {@code [n, D]}: shape {@code [n, L]}. */
    public INDArray encodeMean(INDArray x) {
        return encoder.apply(params, Var.constant(x)).slice(1, 0, latent).value().dup();
    }

    /** The decoder's pixel probabilities \(\sigma(f_\theta(z))\) for latents {@code z} {@code [n, L]}: shape {@code [n, D]}. */
    public INDArray decode(INDArray z) {
        if (z.size(1) != latent) {
            throw new IllegalArgumentException("decode: latents must have " + latent + " columns, got " + z.size(1));
        }
        return decoder.apply(params, Var.constant(z.castTo(DataType.FLOAT))).sigmoid().value().dup();
    }

    /** The hidden units \(H\) of the encoder and the decoder. */
    public int hidden() {
        return hidden;
    }

    /** The number of pixels \(D\). */
    public int pixels() {
        return pixels;
    }
}
