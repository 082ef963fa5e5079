package dev.ppl.examples.bench;

import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.data.ImageData;
import dev.ppl.examples.vae.GaussianVae;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code bench} command's measurement: one training step (forward, backward, Adam) of the
 * {@code vae} command's model, the library's ({@link LibraryVaeStep}) against the hand-coded
 * ({@link HandCodedVae}), at each batch size, timed in interleaved repetitions that each restart
 * from the same initial weights and run steps \(0, 1, \dots\) with the trainer's keys (so both
 * sides time the same trajectory on the same binarized MNIST batch). Reports medians in ms per
 * step, the ratio library/hand-coded against its target (1.10 at batch \(\le 64\), 1.05 above),
 * examples per second, and achieved GFLOP/s against the float32 {@link GemmPeak} measured in the
 * same run. A step's GEMM work is \(2B(5DH + 9LH)\) flops: 4 forward GEMMs, 4 weight-gradient
 * GEMMs and 3 input-gradient GEMMs (no gradient for the pixels), bias sums not counted.
 *
 * <p>Each side updates with its own Adam: the library's {@code Adam} (one Java pass over the flat
 * buffers on the CPU) and the hand-coded side's ND4J {@code adam_updater} op, the fastest a plain
 * ND4J program has. The same rounds therefore also time the gradient computation alone (forward
 * and backward, no optimizer step), reported as its own ratio: the library's model, trace,
 * estimator and autodiff engine against the hand-derived formulas.
 */
public final class VaeBenchmark {
    /** The model's sizes (those of the {@code vae} command's defaults). */
    public static final VaeLayout LAYOUT = new VaeLayout(784, 400, 20);
    /** Adam's learning rate (the {@code vae} command's default). */
    public static final double LR = 1e-3;

    /**
     * What to run.
     *
     * @param batches the batch sizes
     * @param warmup untimed steps per side before timing (at least)
     * @param warmupMs untimed milliseconds per side before timing (at least)
     * @param maxWarmupMs the warm-up goes on until the JIT compiler is quiet, for at most this long
     * @param reps interleaved repetitions
     * @param targetRepMs about how long one repetition of one side lasts
     * @param maxSteps the most steps in one repetition
     * @param gemmRuns timed calls of the GEMM peak measurement
     * @param seed weights, data and keys
     * @param opDetail also print each side's native ops by name
     */
    public record Config(int[] batches, int warmup, double warmupMs, double maxWarmupMs, int reps, double targetRepMs, int maxSteps,
                         int gemmRuns, long seed, boolean opDetail) {
        /**
         * The full run: batches 64, 128, 1000; per side at least 3 s of warm-up, then on until the
         * JIT compiler is quiet (at most 30 s); 11 repetitions of about 0.5 s.
         */
        public static Config full(long seed) {
            return new Config(new int[] {64, 128, 1000}, 10, 3000, 30_000, 11, 500, 200, 10, seed, false);
        }

        /** A smoke run of a few seconds: the same batch sizes, no warm-up, one short repetition. */
        public static Config quick(long seed) {
            return new Config(new int[] {64, 128, 1000}, 1, 0, 0, 1, 20, 3, 3, seed, false);
        }
    }

    /**
     * One batch size's result: medians and fastest repetitions, in milliseconds per step, and
     * {@code pairedRatio}, the median over rounds of library/hand-coded within one round (the two
     * sides of a round run back to back, so a slow spell of the machine cancels in their ratio).
     * The {@code gradient...} fields time the gradient computation alone (forward and backward at
     * the initial weights, no optimizer step), interleaved in the same rounds: the part of a step
     * where the library's model, trace, estimator and autodiff engine replace hand-written code.
     */
    public record Row(int batch, double libraryMs, double handMs, double libraryBestMs, double handBestMs, double spread,
                      double flops, double pairedRatio, double gradientLibraryMs, double gradientHandMs, double gradientPairedRatio) {
        /** library / hand-coded for the gradient computation alone (forward and backward, no optimizer step). */
        public double gradientRatio() {
            return gradientLibraryMs / gradientHandMs;
        }

        /** library / hand-coded of the fastest repetitions: on a loaded machine, noise only adds time. */
        public double bestRatio() {
            return libraryBestMs / handBestMs;
        }

        /** library / hand-coded. */
        public double ratio() {
            return libraryMs / handMs;
        }

        /** The target for {@link #ratio}: 1.10 at batch 64 and below, 1.05 above. */
        public double target() {
            return batch <= 64 ? 1.10 : 1.05;
        }

        /** Whether the target is met. */
        public boolean met() {
            return ratio() <= target();
        }
    }

    private final Config config;

    /** A benchmark of {@code config}. */
    public VaeBenchmark(Config config) {
        for (int b : config.batches()) {
            if (b <= 0 || b > ImageData.EMBEDDED_TRAIN) {
                throw new IllegalArgumentException("batch sizes must be in [1, " + ImageData.EMBEDDED_TRAIN + "], got " + b);
            }
        }
        plan(config);
        this.config = config;
    }

    /** GEMM flops of one step at batch {@code b}. */
    public static double flopsPerStep(int b) {
        double d = LAYOUT.pixels(), h = LAYOUT.hidden(), l = LAYOUT.latent();
        return 2.0 * b * (5 * d * h + 9 * l * h);
    }

    /** Runs everything, printing as it goes; returns the rows in batch order. */
    public List<Row> run(PrintWriter out) {
        long t0 = System.nanoTime();
        GemmPeak peak = GemmPeak.measure(1024, config.gemmRuns());
        out.printf("== GEMM peak: Nd4j.gemm float32 %dx%dx%d into a preallocated output: best of %d %.2f ms = %.1f GFLOP/s ==%n",
                peak.n(), peak.n(), peak.n(), peak.runs(), peak.bestMs(), peak.gflops());
        out.printf("%n== VAE %d-%d-%d training step (ELBO gradient + Adam %.0e), float32, binarized MNIST ==%n",
                LAYOUT.pixels(), LAYOUT.hidden(), LAYOUT.latent(), LR);
        out.printf("   ms/step = median of %d interleaved reps, each restarting from the same weights (steps 0..N-1);%n", config.reps());
        out.printf("   GF/s counts the 11 GEMMs of a step, 2B(5DH + 9LH) flops; %%pk relative to the GEMM peak above%n");
        out.printf("   %5s %9s %10s | %8s %11s | %9s %9s | %8s %8s | %5s %5s | %6s%n", "batch", "library", "hand-coded",
                "lib/hand", "target", "lib ex/s", "hand ex/s", "lib GF/s", "hand", "lib%", "hand%", "spread");
        out.flush();
        List<Row> rows = new ArrayList<>();
        for (int b : config.batches()) {
            rows.add(runBatch(b, peak, out));
        }
        out.printf("%n== summary ==%n");
        for (Row r : rows) {
            out.printf("   batch %4d  ratio library/hand-coded %.3f  target <= %.2f  %s  (fastest reps: %.3f; per-round median: %.3f;"
                    + " gradient only: %.3f, per-round median %.3f)%n", r.batch(), r.ratio(), r.target(), r.met() ? "met" : "MISSED",
                    r.bestRatio(), r.pairedRatio(), r.gradientRatio(), r.gradientPairedRatio());
        }
        out.printf("   total benchmark time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return rows;
    }

    private Row runBatch(int b, GemmPeak peak, PrintWriter out) {
        long seed = config.seed();
        INDArray x = Binarized.sample(ImageData.embedded().train().rows(0, b).pixels(), Rng.of(seed).fold(0xbe7c));
        GaussianVae vae = new GaussianVae(LAYOUT.pixels(), LAYOUT.latent(), LAYOUT.hidden(), seed);
        LibraryVaeStep library = new LibraryVaeStep(vae, b, LR);
        INDArray initial = library.flatParams().dup();
        HandCodedVae hand = new HandCodedVae(LAYOUT, b, initial, LR);
        String check = check(library, hand, x, seed, b);
        OpCount libOps = OpCount.of(() -> library.step(x, LibraryVaeStep.key(seed, 0)), 3);
        OpCount handOps = OpCount.of(() -> hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, 0), b, LAYOUT.latent())), 3);
        long[] libStep = {0};
        long[] handStep = {0};
        long[] libGrad = {0};
        long[] handGrad = {0};
        List<Interleaved.Result> r = Interleaved.run(List.of(
                new Interleaved.Case("library", () -> library.step(x, LibraryVaeStep.key(seed, libStep[0]++)),
                        () -> { library.reset(initial); libStep[0] = 0; }),
                new Interleaved.Case("hand-coded", () -> {
                    Rng key = LibraryVaeStep.key(seed, handStep[0]++);
                    hand.step(x, LibraryVaeStep.noise(key, b, LAYOUT.latent()));
                }, () -> { hand.reset(initial); handStep[0] = 0; }),
                new Interleaved.Case("library gradient", () -> library.computeGradients(x, LibraryVaeStep.key(seed, libGrad[0]++)),
                        () -> { library.reset(initial); libGrad[0] = 0; }),
                new Interleaved.Case("hand-coded gradient", () -> {
                    Rng key = LibraryVaeStep.key(seed, handGrad[0]++);
                    hand.computeGradients(x, LibraryVaeStep.noise(key, b, LAYOUT.latent()));
                }, () -> { hand.reset(initial); handGrad[0] = 0; })),
                plan(config));
        Row row = new Row(b, r.get(0).median(), r.get(1).median(), r.get(0).best(), r.get(1).best(),
                Math.max(r.get(0).spread(), r.get(1).spread()), flopsPerStep(b), pairedRatio(r.get(0), r.get(1)),
                r.get(2).median(), r.get(3).median(), pairedRatio(r.get(2), r.get(3)));
        double lgf = row.flops() / (row.libraryMs() * 1e6), hgf = row.flops() / (row.handMs() * 1e6);
        out.printf("   %5d %9.3f %10.3f | %8.3f %8s %-2s | %9.0f %9.0f | %8.1f %8.1f | %4.0f%% %4.0f%% | %5.0f%%%n",
                b, row.libraryMs(), row.handMs(), row.ratio(), String.format("<=%.2f", row.target()), row.met() ? "ok" : "NO",
                1e3 * b / row.libraryMs(), 1e3 * b / row.handMs(), lgf, hgf, 100 * lgf / peak.gflops(), 100 * hgf / peak.gflops(),
                100 * row.spread());
        out.printf("         fastest reps: library %.3f, hand-coded %.3f ms/step, ratio %.3f; median of the per-round ratios %.3f%n",
                row.libraryBestMs(), row.handBestMs(), row.bestRatio(), row.pairedRatio());
        out.printf("         gradient only (no optimizer step): library %.3f, hand-coded %.3f ms, ratio %.3f; median of the per-round ratios %.3f%n",
                row.gradientLibraryMs(), row.gradientHandMs(), row.gradientRatio(), row.gradientPairedRatio());
        out.printf("         %s; native ops/step %.0f %.0f; steps/rep %d %d; warm-up %.1f s %.1f s%n", check, libOps.perRun(),
                handOps.perRun(), r.get(0).itersPerRep(), r.get(1).itersPerRep(), r.get(0).warmupMs() / 1e3, r.get(1).warmupMs() / 1e3);
        if (config.opDetail()) {
            out.printf("         library ops by name (%d steps): %s%n         hand-coded ops by name: %s%n", 3,
                    oneLine(libOps.byOp()), oneLine(handOps.byOp()));
        }
        out.flush();
        return row;
    }

    /** The median over rounds of {@code a}'s time over {@code b}'s in the same round. */
    private static double pairedRatio(Interleaved.Result a, Interleaved.Result b) {
        double[] perRound = new double[a.msPerIter().length];
        for (int i = 0; i < perRound.length; i++) {
            perRound[i] = a.msPerIter()[i] / b.msPerIter()[i];
        }
        return BenchMath.median(perRound);
    }

    private static Interleaved.Plan plan(Config c) {
        return new Interleaved.Plan(c.warmup(), c.warmupMs(), Math.max(c.warmupMs(), c.maxWarmupMs()), c.reps(), c.targetRepMs(),
                c.maxSteps());
    }

    /** The profiler's tally on one line, without the names it lists with a count of 0. */
    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.strip().split("\\s*\\n\\s*")) {
            if (!line.contains(">>> [0]")) {
                b.append(b.length() == 0 ? "" : "; ").append(line.replaceAll("\\s*>>>\\s*\\[(\\d+)\\].*", " $1"));
            }
        }
        return b.toString();
    }

    /** Loss and gradient agreement of the two sides at step 0, from the shared initial weights. */
    private static String check(LibraryVaeStep library, HandCodedVae hand, INDArray x, long seed, int b) {
        Rng key = LibraryVaeStep.key(seed, 0);
        double lossLib = library.computeGradients(x, key);
        double lossHand = hand.computeGradients(x, LibraryVaeStep.noise(key, b, LAYOUT.latent()));
        double scale = library.flatGrads().amaxNumber().doubleValue();
        double diff = BenchMath.maxAbsDiff(library.flatGrads(), hand.flatGrads());
        return String.format("check at step 0: loss %.6g (hand %+.1e relative), max|grad diff| %.1e of max|grad| %.3g",
                lossLib, (lossHand - lossLib) / Math.abs(lossLib), diff, scale);
    }
}
