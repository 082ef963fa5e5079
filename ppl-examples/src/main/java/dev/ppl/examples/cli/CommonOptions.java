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
 * and the value; {@link #checkOutputs} rejects outputs that cannot be written, before any work.
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

    @Option(names = "--allow-change", paramLabel = "SETTING", split = ",",
            description = "with --resume, let these settings differ from the checkpoint's run: lr, epochs "
                    + "(any other difference is refused, listing what differs)")
    java.util.List<String> allowChange = java.util.List.of();

    @Option(names = "--no-progress", description = "no live progress bar on standard error (the per-epoch lines remain)")
    boolean noProgress;

    /** The settings {@code --allow-change} accepts, with their keys in the checkpoint's configuration fingerprint. */
    static final java.util.Map<String, String> RESUMABLE_CHANGES = java.util.Map.of("lr", "optimizer.lr", "epochs", "epochs");

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
        for (String setting : allowChange) {
            if (!RESUMABLE_CHANGES.containsKey(setting)) {
                throw bad("--allow-change: unknown setting '" + setting + "'; the settings that may change on resume are "
                        + RESUMABLE_CHANGES.keySet());
            }
        }
        if (!allowChange.isEmpty() && resume == null) {
            throw bad("--allow-change applies to --resume only");
        }
        if (resume != null && !resume.toFile().isFile()) {
            throw bad("--resume: no such checkpoint file: " + resume);
        }
    }

    /**
     * Checks that every output of the run can be written (the {@link #outDir} and the directory
     * of {@code --checkpoint}), by creating the directories and a probe file in each; call it
     * before loading data or training. Throws an {@link IllegalArgumentException} naming the
     * option, the path and the operating system's reason.
     */
    void checkOutputs() {
        OutputCheck.directory("--out", outDir());
        if (checkpoint != null) {
            OutputCheck.file("--checkpoint", checkpoint);
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
