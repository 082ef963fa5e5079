package dev.ppl.examples.cli;

import dev.ppl.examples.vae.ObjectiveSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vae}: a Gaussian-latent VAE on dynamically binarized MNIST, trained with the library's
 * ELBO (or another bound chosen with {@code --objective}) and {@code Trainer}; prints
 * {@code test ELBO: <value> nats} and writes PNGs.
 */
@Command(name = "vae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a variational autoencoder (Gaussian latent, Bernoulli pixels) on binarized MNIST "
                + "with the library's ELBO and Trainer; print the test ELBO and write PNGs "
                + "(reconstructions, prior samples, training curve, a latent traversal when --latent 2)."})
final class VaeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--epochs", defaultValue = "30", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--latent", defaultValue = "20", description = "latent dimensions L (default: ${DEFAULT-VALUE})")
    int latent;

    @Option(names = "--hidden", defaultValue = "400", description = "hidden units of the encoder and decoder (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--objective", defaultValue = "elbo", converter = ObjectiveConverter.class,
            description = "training objective: " + ObjectiveSpec.FORMS + " (default: ${DEFAULT-VALUE})")
    ObjectiveSpec objective;

    @Option(names = "--test-iwelbo", paramLabel = "K", defaultValue = "0",
            description = "also estimate the test log-likelihood by IWELBO with K particles (0: off; default: ${DEFAULT-VALUE})")
    int testK;

    @Option(names = "--compare-hand-coded",
            description = "after training, train the hand-coded ND4J VAE (the bench command's) from the same weights, "
                    + "batches and noise, and print its test ELBO beside the library's (needs --objective elbo)")
    boolean compareHandCoded;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "compute each step's gradient data-parallel on Apache Spark with this master URL (local[2], "
                    + "spark://HOST:PORT, yarn, ...): see docs/distributed.md; ELBO only")
    String spark;

    @Override
    public Integer call() {
        common.validate();
        Validation.positive(common, "--epochs", epochs);
        Validation.positive(common, "--latent", latent);
        Validation.positive(common, "--hidden", hidden);
        Validation.nonNegative(common, "--test-iwelbo", testK);
        if (compareHandCoded && !objective.kind().equals("elbo")) {
            throw new ParameterException(spec.commandLine(), "--compare-hand-coded needs --objective elbo (the hand-coded VAE "
                    + "computes the ELBO gradient only), got " + objective.label());
        }
        if (spark != null) {
            try {
                dev.ppl.vi.spark.SparkContexts.requireValidMaster(spark);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--spark: " + e.getMessage());
            }
            if (!objective.kind().equals("elbo") || compareHandCoded) {
                throw new ParameterException(spec.commandLine(), "--spark trains the ELBO only, without --compare-hand-coded; got --objective "
                        + objective.label() + (compareHandCoded ? " and --compare-hand-coded" : ""));
            }
        }
        return GaussianVaeRun.run(common, epochs, latent, hidden, objective, testK, compareHandCoded, spark,
                spec.commandLine().getOut());
    }
}
