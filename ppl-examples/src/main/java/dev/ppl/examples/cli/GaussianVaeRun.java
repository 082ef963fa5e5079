package dev.ppl.examples.cli;

import dev.ppl.core.ChoiceMap;
import dev.ppl.dist.Rng;
import dev.ppl.examples.bench.HandCodedTraining;
import dev.ppl.examples.bench.HandCodedVae;
import dev.ppl.examples.bench.VaeLayout;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.data.ImageData;
import dev.ppl.examples.images.ImageGrid;
import dev.ppl.examples.images.TrainingCurve;
import dev.ppl.examples.vae.Evaluation;
import dev.ppl.examples.vae.GaussianVae;
import dev.ppl.examples.vae.ObjectiveSpec;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.predictive.Predictive;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains a {@link GaussianVae} on binarized images with a chosen objective, then reports the
 * test ELBO (and optionally the test IWELBO(K)) per image, and writes the PNGs: reconstructions
 * beside the originals, samples from the prior, a latent traversal when \(L = 2\), and the
 * training curve. Shared by the {@code vae} and {@code iwae} commands.
 */
final class GaussianVaeRun {
    private static final int EVAL_CHUNK = 500;

    private GaussianVaeRun() {}

    /**
     * Runs the whole job; with {@code compareHandCoded} (the ELBO only) it then trains the
     * hand-coded VAE from the same initial weights on the same batches and noise, evaluates it
     * the same way, and prints both test ELBOs, their difference and the largest parameter
     * difference. Returns the process exit code (0).
     */
    static int run(CommonOptions o, int epochs, int latent, int hidden, ObjectiveSpec spec, int testK,
                   boolean compareHandCoded, PrintWriter out) {
        return run(o, epochs, latent, hidden, spec, testK, compareHandCoded, null, out);
    }

    /**
     * {@link #run}, with the step gradients computed on Spark when {@code sparkMaster} is not null
     * (the training images in an RDD of {@code defaultParallelism} partitions, {@link SparkVae});
     * evaluation, images and checkpoints stay on the driver.
     */
    static int run(CommonOptions o, int epochs, int latent, int hidden, ObjectiveSpec spec, int testK,
                   boolean compareHandCoded, String sparkMaster, PrintWriter out) {
        long t0 = System.nanoTime();
        o.checkOutputs();
        ImageData data = o.load();
        int pixels = data.train().height() * data.train().width();
        out.printf("data: %s%nmodel: VAE %d-%d-%d, Gaussian latent, Bernoulli pixels; objective %s; %d epochs, batch %d, Adam %.0e, seed %d%n",
                data.source(), pixels, hidden, latent, spec.label(), epochs, o.batchSize, o.lr, o.seed);
        out.flush();
        INDArray test = Binarized.sample(data.test().pixels(), Rng.of(o.seed).fold(0x7e57));
        Rng evalKey = Rng.of(o.seed).fold(0xe7a1);
        Map<String, String> described = Map.of("model", "VAE " + pixels + "-" + hidden + "-" + latent, "objective", spec.label(),
                "data", data.source());
        GaussianVae vae;
        Session.Result r;
        if (sparkMaster != null) {
            try (SparkRun spark = SparkRun.start(sparkMaster, data.train().pixels(), pixels, latent, hidden, o, out)) {
                vae = spark.vae();
                r = Session.trainSpark(o, spark.gradients(), epochs, spec.label(), done -> Evaluation.meanPerImage(
                        n -> Objectives.elbo(vae.problem(n)), test, EVAL_CHUNK, evalKey.fold(done)), described, out);
            }
        } else {
            vae = new GaussianVae(pixels, latent, hidden, o.seed);
            r = Session.train(o, spec.build(vae.problem(o.batchSize)), vae.params(), data.train().pixels(),
                    epochs, spec.label(), done -> Evaluation.meanPerImage(n -> Objectives.elbo(vae.problem(n)), test,
                            EVAL_CHUNK, evalKey.fold(done)), described, out);
        }
        INDArray initial = new GaussianVae(pixels, latent, hidden, o.seed).params().flatValues();
        double elbo = Evaluation.meanPerImage(n -> Objectives.elbo(vae.problem(n)), test, EVAL_CHUNK, evalKey);
        out.printf("test ELBO: %.2f nats%n", elbo);
        if (compareHandCoded) {
            compareWithHandCoded(o, vae, initial, data, r.training().steps(), test, evalKey, elbo, r.seconds(), out);
        }
        if (testK > 0) {
            int chunk = Math.max(1, Math.min(EVAL_CHUNK, 20_000 / testK));
            double iw = Evaluation.meanPerImage(n -> PerDataPoint.iwelbo(vae.problem(n), testK), test, chunk, evalKey.fold(1));
            out.printf("test IWELBO(%d): %.2f nats%n", testK, iw);
        }
        Path dir = o.outDir();
        writeImages(vae, data, dir, o.seed);
        TrainingCurve.write(dir.resolve("training-curve.png"), "VAE on " + (o.data == null ? "MNIST" : o.data.getFileName()),
                "train " + spec.label(), r.progress().trainCurve(), "test ELBO", r.progress().testCurve(), r.firstEpoch());
        out.printf("wrote %s (reconstructions.png, posterior-predictive.png, samples.png%s, training-curve.png)%n", dir.toAbsolutePath(),
                latent == 2 ? ", latent-traversal.png" : "");
        out.printf("total time: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return 0;
    }

    /**
     * Trains {@link HandCodedVae} with the settings, seed, initial weights, batches and noise of
     * the library run that produced {@code vae}, evaluates its test ELBO with the same images and
     * key, and prints the comparison.
     */
    private static void compareWithHandCoded(CommonOptions o, GaussianVae vae, INDArray initial, ImageData data, long steps,
                                             INDArray test, Rng evalKey, double libraryElbo, double librarySeconds,
                                             PrintWriter out) {
        VaeLayout layout = new VaeLayout(vae.pixels(), vae.hidden(), vae.latent());
        out.printf("training the hand-coded VAE (plain ND4J, hand-derived backward pass) for %d steps from the same weights, "
                + "batches and noise...%n", steps);
        out.flush();
        HandCodedTraining.Result h = HandCodedTraining.train(layout, initial, Session.batches(o, data.train().pixels()),
                o.batchSize, steps, o.seed, o.lr);
        GaussianVae reference = new GaussianVae(vae.pixels(), vae.latent(), vae.hidden(), o.seed);
        reference.params().flatValues().assign(h.flatParams());
        double handElbo = Evaluation.meanPerImage(n -> Objectives.elbo(reference.problem(n)), test, EVAL_CHUNK, evalKey);
        double maxDiff = Transforms.abs(vae.params().flatValues().sub(h.flatParams()), false).maxNumber().doubleValue();
        out.printf("hand-coded test ELBO: %.2f nats (trained in %.1f s; library %.1f s)%n", handElbo, h.seconds(), librarySeconds);
        out.printf("library - hand-coded: %+.2f nats (%s 1 nat); max |parameter difference| %.2e%n", libraryElbo - handElbo,
                Math.abs(libraryElbo - handElbo) <= 1.0 ? "within" : "NOT within", maxDiff);
        out.flush();
    }

    /** The draws of the posterior predictive check: rows of images under the originals. */
    static final int PREDICTIVE_DRAWS = 3;

    /**
     * A posterior predictive check ({@link Predictive}): the test images (binarized once) in the
     * first row, and below them {@value #PREDICTIVE_DRAWS} draws of \(x \sim p_\theta(x \mid z)\),
     * \(z \sim q_\phi(z \mid x)\), each row one draw for every image.
     */
    static void writePosteriorPredictive(GaussianVae vae, INDArray originals, Path file, int h, int w, long seed) {
        int n = (int) originals.size(0);
        INDArray x = Binarized.sample(originals, Rng.of(seed).fold(0x9b));
        VariationalProblem<INDArray> problem = vae.problem(n);
        ChoiceMap draws = Predictive.fromGuide(problem.model(), problem.guide()).numSamples(PREDICTIVE_DRAWS).returnSites("x")
                .sample(Rng.of(seed).fold(0x9c), x);
        INDArray predicted = draws.get("x").value().reshape(PREDICTIVE_DRAWS * n, (long) h * w);
        ImageGrid.write(file, Nd4j.vstack(x, predicted), 1 + PREDICTIVE_DRAWS, n, h, w, 2);
    }

    /** Reconstructions of the first 10 test images, 100 prior samples and, for L = 2, a 15x15 traversal. */
    static void writeImages(GaussianVae vae, ImageData data, Path dir, long seed) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        int h = data.test().height(), w = data.test().width();
        int n = Math.min(10, data.test().size());
        INDArray originals = data.test().pixels().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c');
        INDArray recon = vae.decode(vae.encodeMean(originals));
        ImageGrid.write(dir.resolve("reconstructions.png"), Nd4j.vstack(originals, recon), 2, n, h, w, 2);
        writePosteriorPredictive(vae, originals, dir.resolve("posterior-predictive.png"), h, w, seed);
        INDArray z = Rng.of(seed).fold(0x5a3b).normal(DataType.FLOAT, 100, vae.latent());
        ImageGrid.write(dir.resolve("samples.png"), vae.decode(z), 10, 10, h, w, 2);
        if (vae.latent() == 2) {
            int g = 15;
            float[] grid = new float[g * g * 2];
            for (int i = 0; i < g; i++) {
                for (int j = 0; j < g; j++) {
                    grid[2 * (i * g + j)] = (float) (-2.5 + 5.0 * j / (g - 1));
                    grid[2 * (i * g + j) + 1] = (float) (2.5 - 5.0 * i / (g - 1));
                }
            }
            ImageGrid.write(dir.resolve("latent-traversal.png"), vae.decode(Nd4j.create(grid, new long[] {g * g, 2}, 'c')),
                    g, g, h, w, 1);
        }
    }
}
