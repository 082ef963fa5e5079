package dev.ppl.examples.cli;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.data.ImageData;
import dev.ppl.examples.images.ImageGrid;
import dev.ppl.examples.images.TrainingCurve;
import dev.ppl.examples.vae.BernoulliVae;
import dev.ppl.examples.vae.Evaluation;
import dev.ppl.examples.vae.PredictiveAccuracy;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import dev.ppl.vi.train.StepResult;
import dev.ppl.vi.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code discrete}: a {@link BernoulliVae} trained with the per-image ELBO, the same objective
 * program for every gradient strategy of its latent bits, chosen with {@code --strategy}:
 * {@code reinforce}, {@code reinforce-baseline} (REINFORCE with a baseline, the running mean of
 * the per-image ELBO over earlier steps, which does not depend on the current draw), {@code mvd}
 * (measure-valued derivatives) or {@code enum} (exact enumeration of the \(2^L\) codes).
 * After training it prints the test ELBO and the {@link PredictiveAccuracy} of the codes (the
 * data sets are labelled; the model never sees the labels).
 * The running-mean baseline is not part of a checkpoint: a resumed {@code reinforce-baseline} run
 * restarts it (still unbiased, but not bit-identical to an uninterrupted run).
 */
@Command(name = "discrete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a VAE with Bernoulli latents on binarized MNIST; the gradient strategy of the latent bits "
                + "is chosen with --strategy (same ELBO program for each). Prints the test ELBO and the predictive accuracy "
                + "of the codes as label predictors, and writes "
                + "reconstructions, every code's decoding (L <= 8) or prior samples, and the training curve."})
final class DiscreteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--strategy", defaultValue = "reinforce-baseline",
            description = "gradient strategy of the latent bits: reinforce, reinforce-baseline, mvd, enum (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--epochs", defaultValue = "5", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--latent", defaultValue = "4", description = "latent bits L (enum costs 2^L runs per step; default: ${DEFAULT-VALUE})")
    int latent;

    @Option(names = "--hidden", defaultValue = "200", description = "hidden units of the encoder and decoder (default: ${DEFAULT-VALUE})")
    int hidden;

    /** Draws of z ~ q(z | x) per image for the predictive accuracy. */
    static final int PREDICTIVE_DRAWS = 4;

    private double baseline = Double.NaN;

    @Override
    public Integer call() {
        common.validate();
        Validation.positive(common, "--epochs", epochs);
        Validation.positive(common, "--latent", latent);
        Validation.positive(common, "--hidden", hidden);
        if (strategy.equals("enum") && latent > 10) {
            throw common.bad("--strategy enum with --latent " + latent + " would run the decoder 2^" + latent
                    + " times per step; use --latent 10 or fewer");
        }
        Strategy s = strategy(strategy);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        common.checkOutputs();
        ImageData data = common.load();
        int pixels = data.train().height() * data.train().width();
        out.printf("data: %s%nmodel: VAE %d-%d-%d with %d Bernoulli latents; per-image ELBO, strategy %s; %d epochs, batch %d%n",
                data.source(), pixels, hidden, latent, latent, strategy, epochs, common.batchSize);
        BernoulliVae vae = new BernoulliVae(pixels, latent, hidden, common.seed);
        Expectation<INDArray> objective = PerDataPoint.elbo(vae.problem(common.batchSize)).withStrategy(vae.latents(), s);
        INDArray test = Binarized.sample(data.test().pixels(), Rng.of(common.seed).fold(0x7e57));
        Rng evalKey = Rng.of(common.seed).fold(0xe7a1);
        TrainingListener tracker = new TrainingListener() {
            @Override
            public void onStep(StepResult r) {
                if (!r.skipped()) {
                    double v = r.objective() / common.batchSize;
                    baseline = Double.isNaN(baseline) ? v : 0.9 * baseline + 0.1 * v;
                }
            }
        };
        Session.Result r = Session.train(common, objective, vae.params(), data.train().pixels(), epochs, "ELBO",
                done -> Evaluation.meanPerImage(n -> PerDataPoint.elbo(vae.problem(n)), test, 500, evalKey.fold(done)),
                Map.of("model", "Bernoulli-latent VAE " + pixels + "-" + hidden + "-" + latent, "strategy", strategy,
                        "data", data.source()),
                out, tracker);
        double elbo = Evaluation.meanPerImage(n -> PerDataPoint.elbo(vae.problem(n)), test, 500, evalKey);
        out.printf("test ELBO: %.2f nats%n", elbo);
        PredictiveAccuracy.Result acc = PredictiveAccuracy.of(vae, data.train(), data.test(), PREDICTIVE_DRAWS,
                500, Rng.of(common.seed).fold(0xacc));
        out.printf("predictive accuracy: %.3f (test labels predicted by the majority training label of codes z ~ q(z | x), "
                + "%d draws per image, %d of %d codes hit; majority class %.3f)%n", acc.accuracy(), PREDICTIVE_DRAWS,
                acc.codesHit(), 1 << latent, acc.majorityRate());
        Path dir = common.outDir();
        writeImages(vae, data, dir, common.seed);
        TrainingCurve.write(dir.resolve("training-curve.png"), "Bernoulli-latent VAE, " + strategy, "train ELBO",
                r.progress().trainCurve(), "test ELBO", r.progress().testCurve(), r.firstEpoch());
        out.printf("wrote %s (reconstructions.png, %s, training-curve.png)%n", dir.toAbsolutePath(),
                latent <= 8 ? "codes.png" : "samples.png");
        out.printf("total time: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return 0;
    }

    private Strategy strategy(String name) {
        switch (name) {
            case "reinforce":
                return Strategies.REINFORCE;
            case "reinforce-baseline":
                return Strategies.reinforce(() -> Var.scalar(Double.isNaN(baseline) ? 0.0 : baseline, DataType.FLOAT));
            case "mvd":
                return Strategies.MVD;
            case "enum":
                return Strategies.ENUM;
            default:
                throw common.bad("--strategy: unknown strategy '" + name + "' (accepted: reinforce, reinforce-baseline, mvd, enum)");
        }
    }

    private static void writeImages(BernoulliVae vae, ImageData data, Path dir, long seed) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        int h = data.test().height(), w = data.test().width();
        int n = Math.min(10, data.test().size());
        INDArray originals = data.test().pixels().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c');
        ImageGrid.write(dir.resolve("reconstructions.png"),
                Nd4j.vstack(originals, vae.decode(vae.encodeMode(originals))), 2, n, h, w, 2);
        int l = vae.latent();
        if (l <= 8) {
            int codes = 1 << l;
            float[] z = new float[codes * l];
            for (int c = 0; c < codes; c++) {
                for (int b = 0; b < l; b++) {
                    z[c * l + b] = (c >> b) & 1;
                }
            }
            int cols = Math.min(16, codes);
            ImageGrid.write(dir.resolve("codes.png"), vae.decode(Nd4j.create(z, new long[] {codes, l}, 'c')),
                    codes / cols, cols, h, w, 2);
        } else {
            INDArray z = Rng.of(seed).fold(0x5a3b).uniform(DataType.FLOAT, 100, l).gt(0.5).castTo(DataType.FLOAT);
            ImageGrid.write(dir.resolve("samples.png"), vae.decode(z), 10, 10, h, w, 2);
        }
    }
}
