package dev.ppl.examples.vae;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.plate.Plate;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.vi.objectives.VariationalProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A VAE with \(L\) binary latents per image:
 * <ul>
 *   <li>model: \(z_l \sim \mathrm{Bernoulli}(1/2)\), \(l = 0..L-1\), and
 *       \(x_d \sim \mathrm{Bernoulli}(\sigma(f_\theta(z)_d))\), decoder \(L \to H \to D\) (ReLU);</li>
 *   <li>guide: \(z_l \sim \mathrm{Bernoulli}(\sigma(g_\phi(x)_l))\) independently, encoder
 *       \(D \to H \to L\).</li>
 * </ul>
 * Each latent bit is its own address {@code z0, ..., z(L-1)} with one value per image (shape
 * {@code [n]}), so multi-shot strategies (ENUM, MVD), which move every element of a choice at
 * once, remain exact per image: image \(i\)'s bound depends on the choice only through element
 * \(i\). ENUM over \(L\) bits re-runs the rest of the program \(2^L\) times.
 */
public final class BernoulliVae {
    private final Params params;
    private final Mlp encoder;
    private final Mlp decoder;
    private final int latent;

    /** A VAE for images of {@code pixels} pixels with {@code latent} binary latents and {@code hidden} hidden units. */
    public BernoulliVae(int pixels, int latent, int hidden, long seed) {
        Params.Builder b = Params.builder(DataType.FLOAT, seed);
        this.encoder = Mlp.create(b, "encoder", new int[] {pixels, hidden, latent}, Activation.RELU, Activation.IDENTITY);
        this.decoder = Mlp.create(b, "decoder", new int[] {latent, hidden, pixels}, Activation.RELU, Activation.IDENTITY);
        this.params = b.build();
        this.latent = latent;
    }

    /** Every trainable parameter. */
    public Params params() {
        return params;
    }

    /** The number of latent bits \(L\). */
    public int latent() {
        return latent;
    }

    /** The addresses of the latent bits, {@code z0 .. z(L-1)}, e.g. for a strategy override. */
    public Selection latents() {
        String[] a = new String[latent];
        for (int l = 0; l < latent; l++) {
            a[l] = "z" + l;
        }
        return Selection.of(a);
    }

    /** The inference problem for minibatches of exactly {@code n} images, shape {@code [n, D]}. */
    public VariationalProblem<INDArray> problem(int n) {
        INDArray half = Nd4j.valueArrayOf(new long[] {n}, 0.5f);
        GenerativeFunction<INDArray, Var> model = Plate.of("bvae-model", n, 1.0, params.vars(), (ctx, x) -> {
            Var[] z = new Var[latent];
            for (int l = 0; l < latent; l++) {
                z[l] = ctx.sample("z" + l, Bernoulli.ofProbs(Var.constant(half)));
            }
            return ctx.sample("x", Bernoulli.ofLogits(decoder.apply(params, Var.stack(1, z))).toEvent(1));
        });
        GenerativeFunction<INDArray, Var> guide = Plate.of("bvae-guide", n, 1.0, params.vars(), (ctx, x) -> {
            Var logits = encoder.apply(params, Var.constant(x));
            Var[] z = new Var[latent];
            for (int l = 0; l < latent; l++) {
                z[l] = ctx.sample("z" + l, Bernoulli.ofLogits(logits.slice(1, l, l + 1).squeeze(1)));
            }
            return Var.stack(1, z);
        });
        return new VariationalProblem<>(model, guide, x -> ChoiceMap.of("x", x));
    }

    /** The guide's most probable code \(\mathbb 1[\sigma(g_\phi(x)) > 1/2]\) for images {@code x}: shape {@code [n, L]}. */
    public INDArray encodeMode(INDArray x) {
        return encoder.apply(params, Var.constant(x)).value().gt(0.0).castTo(DataType.FLOAT);
    }

    /** The decoder's pixel probabilities for codes {@code z} {@code [n, L]} of 0/1 values: shape {@code [n, D]}. */
    public INDArray decode(INDArray z) {
        return decoder.apply(params, Var.constant(z.castTo(DataType.FLOAT))).sigmoid().value().dup();
    }
}
