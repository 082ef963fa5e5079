package dev.ppl.examples.cli;

import dev.ppl.examples.data.ImageData;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options shared by the training commands: data, minibatch size, learning rate, seed, output
 * directory, checkpointing. {@link #validate} rejects values that cannot work, naming the option
 * and the value.
 */
final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "directory of IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                    + "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]: MNIST or Fashion-MNIST); "
                    + "default: the embedded 10,000-digit MNIST subset, split 8,000 train / 2,000 test")
    Path data;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100", description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = "seed of initialization, batches, binarization and estimates (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory for the PNGs (default: out/<command>)")
    Path out;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0",
            description = "train on the first N training images only (0: all; default: ${DEFAULT-VALUE})")
    int trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", defaultValue = "0",
            description = "evaluate on the first N test images only (0: all; default: ${DEFAULT-VALUE})")
    int testLimit;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "save parameters and optimizer state to FILE after every epoch")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "continue a run from a checkpoint written with the same options and seed")
    Path resume;

    @Option(names = "--no-progress", description = "no live progress bar on standard error (the per-epoch lines remain)")
    boolean noProgress;

    /** Checks the values; throws a {@link ParameterException} naming the first bad one. */
    void validate() {
        if (batchSize <= 0) {
            throw bad("--batch-size must be positive, got " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw bad("--lr must be positive and finite, got " + lr);
        }
        if (trainLimit < 0) {
            throw bad("--train-limit must be non-negative, got " + trainLimit);
        }
        if (testLimit < 0) {
            throw bad("--test-limit must be non-negative, got " + testLimit);
        }
        if (resume != null && !resume.toFile().isFile()) {
            throw bad("--resume: no such checkpoint file: " + resume);
        }
    }

    /** The data set, limited as requested; checks that a batch fits in the training set. */
    ImageData load() {
        ImageData d = data == null ? ImageData.embedded() : ImageData.fromDirectory(data);
        if (trainLimit > 0 && trainLimit < d.train().size()) {
            d = new ImageData(d.train().rows(0, trainLimit), d.test(), d.source() + ", first " + trainLimit + " train");
        }
        if (testLimit > 0 && testLimit < d.test().size()) {
            d = new ImageData(d.train(), d.test().rows(0, testLimit), d.source() + ", first " + testLimit + " test");
        }
        if (batchSize > d.train().size()) {
            throw bad("--batch-size " + batchSize + " exceeds the " + d.train().size() + " training images");
        }
        return d;
    }

    /** The output directory: {@code --out} or {@code out/<command>}. */
    Path outDir() {
        return out != null ? out : Path.of("out", spec.name());
    }

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
