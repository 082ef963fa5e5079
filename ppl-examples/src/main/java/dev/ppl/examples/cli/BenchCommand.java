package dev.ppl.examples.cli;

import dev.ppl.examples.bench.VaeBenchmark;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: times one training step of the {@code vae} command's model (784-400-20, ELBO
 * gradient + Adam, float32) through the library against a hand-coded ND4J step, side by side in
 * interleaved repetitions, and prints the medians, the ratio library/hand-coded against its
 * target, examples per second and GFLOP/s against the measured GEMM peak
 * (see {@link VaeBenchmark}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time one VAE training step (the vae command's model: ELBO gradient + Adam) of the library "
                + "against a hand-coded ND4J step, interleaved; print ms/step, the ratio library/hand-coded "
                + "(targets: <= 1.10 at batch 64, <= 1.05 above), examples/s and GFLOP/s against the measured GEMM peak."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "smoke run of a few seconds (one short repetition per batch size)")
    boolean quick;

    @Option(names = "--batches", paramLabel = "N", split = ",", description = "batch sizes (default: 64,128,1000)")
    int[] batches;

    @Option(names = "--reps", paramLabel = "N", description = "interleaved repetitions (default: 11, or 1 with --quick)")
    Integer reps;

    @Option(names = "--warmup-ms", paramLabel = "MS",
            description = "untimed warm-up per side and batch size, in milliseconds, so the JIT has compiled both (default: 3000, or 0 with --quick)")
    Double warmupMs;

    @Option(names = "--max-warmup-ms", paramLabel = "MS",
            description = "after --warmup-ms the warm-up goes on until the JIT compiler is quiet, for at most this long "
                    + "(default: 30000, or 0 with --quick)")
    Double maxWarmupMs;

    @Option(names = "--ops", description = "also print each side's native ND4J ops per step by name")
    boolean ops;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights, data and noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        VaeBenchmark.Config c = quick ? VaeBenchmark.Config.quick(seed) : VaeBenchmark.Config.full(seed);
        int[] b = batches == null ? c.batches() : batches;
        if (b.length == 0) {
            throw bad("--batches needs at least one batch size");
        }
        for (int x : b) {
            if (x <= 0 || x > 8000) {
                throw bad("--batches: each batch size must be in [1, 8000], got " + x + " in " + Arrays.toString(b));
            }
        }
        int r = reps == null ? c.reps() : reps;
        if (r <= 0) {
            throw bad("--reps must be positive, got " + r);
        }
        double w = warmupMs == null ? c.warmupMs() : warmupMs;
        if (!(w >= 0)) {
            throw bad("--warmup-ms must be non-negative, got " + w);
        }
        double mw = maxWarmupMs == null ? c.maxWarmupMs() : maxWarmupMs;
        if (!(mw >= 0)) {
            throw bad("--max-warmup-ms must be non-negative, got " + mw);
        }
        VaeBenchmark.Config config = new VaeBenchmark.Config(b, c.warmup(), w, mw, r, c.targetRepMs(), c.maxSteps(), c.gemmRuns(),
                seed, ops);
        new VaeBenchmark(config).run(spec.commandLine().getOut());
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
