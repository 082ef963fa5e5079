package dev.ppl.examples.cli;

import dev.ppl.examples.vae.ObjectiveSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code iwae}: the {@code vae} model trained with the importance-weighted bound IWELBO(K)
 * (Burda et al. 2016), K particles per image; prints the test ELBO and the test IWELBO.
 */
@Command(name = "iwae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the VAE of 'vae' with the importance-weighted bound IWELBO(K) (IWAE); "
                + "print the test ELBO and the test IWELBO, and write the same PNGs."})
final class IwaeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--epochs", defaultValue = "10", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = {"-k", "--particles"}, defaultValue = "5", description = "particles K per image in training (default: ${DEFAULT-VALUE})")
    int particles;

    @Option(names = "--latent", defaultValue = "20", description = "latent dimensions L (default: ${DEFAULT-VALUE})")
    int latent;

    @Option(names = "--hidden", defaultValue = "400", description = "hidden units of the encoder and decoder (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--test-iwelbo", paramLabel = "K", defaultValue = "100",
            description = "particles of the test IWELBO (default: ${DEFAULT-VALUE})")
    int testK;

    @Override
    public Integer call() {
        common.validate();
        Validation.positive(common, "--epochs", epochs);
        Validation.positive(common, "--particles", particles);
        Validation.positive(common, "--latent", latent);
        Validation.positive(common, "--hidden", hidden);
        Validation.positive(common, "--test-iwelbo", testK);
        return GaussianVaeRun.run(common, epochs, latent, hidden, ObjectiveSpec.parse("iwelbo:" + particles), testK,
                false, spec.commandLine().getOut());
    }
}
