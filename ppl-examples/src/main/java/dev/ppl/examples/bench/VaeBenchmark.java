package dev.ppl.examples.bench;

import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.data.ImageData;
import dev.ppl.examples.vae.GaussianVae;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 *
 * <p>Two more references run in the same rounds: the step's 11 GEMMs alone ({@link StepGemms}, the
 * GEMM floor: step time / GEMM time says how much a step spends around its matrix products), and,
 * where a Python with PyTorch is installed, the same step in PyTorch ({@link TorchReference},
 * {@code docs/bench/vae_torch.py}: same model, weights, batch and Adam, checked against the
 * library's loss and gradient at step 0), with its own GEMM floor; the summary prints library
 * ms/step, torch ms/step and their ratio per batch size. Without torch the bench prints one line
 * saying how to install it and runs the rest.
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
     * The PyTorch reference at one batch size ({@link TorchReference}), timed in the same interleaved
     * rounds: its step ({@code stepMs}, fastest repetition {@code bestMs}), the median over rounds of
     * library/torch within a round ({@code pairedRatio}), and the step's 11 GEMMs alone in torch
     * ({@code gemmMs}). {@code skipped} says why there is none (then every number is NaN).
     */
    public record Torch(double stepMs, double bestMs, double pairedRatio, double gemmMs, String check, String skipped) {
        static Torch none(String why) {
            return new Torch(Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", why);
        }

        /** Whether the reference ran. */
        public boolean ran() {
            return skipped == null;
        }
    }

    /**
     * One batch size's result: medians and fastest repetitions, in milliseconds per step, and
     * {@code pairedRatio}, the median over rounds of library/hand-coded within one round (the two
     * sides of a round run back to back, so a slow spell of the machine cancels in their ratio).
     * The {@code gradient...} fields time the gradient computation alone (forward and backward at
     * the initial weights, no optimizer step), interleaved in the same rounds: the part of a step
     * where the library's model, trace, estimator and autodiff engine replace hand-written code.
     * {@code gemmMs} times the step's 11 GEMMs alone in ND4J ({@link StepGemms}, the GEMM floor),
     * {@code torch} the PyTorch reference, both in the same rounds.
     */
    public record Row(int batch, double libraryMs, double handMs, double libraryBestMs, double handBestMs, double spread,
                      double flops, double pairedRatio, double gradientLibraryMs, double gradientHandMs, double gradientPairedRatio,
                      double gemmMs, Torch torch) {
        /** library / the step's 11 GEMMs alone in ND4J ({@link StepGemms}): how far the step is above its GEMM floor. */
        public double libraryOverGemms() {
            return libraryMs / gemmMs;
        }

        /** library / PyTorch (NaN without the reference). */
        public double torchRatio() {
            return libraryMs / torch.stepMs();
        }

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
        out.printf("== machine: %d CPUs, load average %s; Java side: OMP_WAIT_POLICY=%s OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s,"
                        + " ND4J BLAS threads %d ==%n", Runtime.getRuntime().availableProcessors(), BenchMath.loadAverage(),
                env("OMP_WAIT_POLICY"), env("OMP_NUM_THREADS"), env("OPENBLAS_NUM_THREADS"), Nd4j.factory().blas().getMaxThreads());
        GemmPeak peak = GemmPeak.measure(1024, config.gemmRuns());
        out.printf("== GEMM peak: Nd4j.gemm float32 %dx%dx%d into a preallocated output: best of %d %.2f ms = %.1f GFLOP/s ==%n",
                peak.n(), peak.n(), peak.n(), peak.runs(), peak.bestMs(), peak.gflops());
        TorchReference.Probe torch = TorchReference.probe();
        if (torch.available()) {
            out.printf("== PyTorch reference: torch %s (%s, %s): same model, batch and Adam, timed in the same rounds;"
                            + " torch.set_num_threads(%d), %s ==%n", torch.version(), torch.python(), torch.script(),
                    TorchReference.TORCH_THREADS, envLine(TorchReference.ENVIRONMENT));
        } else {
            out.println(torch.skipMessage());
        }
        out.printf("%n== VAE %d-%d-%d training step (ELBO gradient + Adam %.0e), float32, binarized MNIST ==%n",
                LAYOUT.pixels(), LAYOUT.hidden(), LAYOUT.latent(), LR);
        out.printf("   ms/step = median of %d interleaved reps, each restarting from the same weights (steps 0..N-1);%n", config.reps());
        out.printf("   GF/s counts the 11 GEMMs of a step, 2B(5DH + 9LH) flops; %%pk relative to the GEMM peak above%n");
        out.printf("   %5s %9s %10s | %8s %11s | %9s %9s | %8s %8s | %5s %5s | %6s%n", "batch", "library", "hand-coded",
                "lib/hand", "target", "lib ex/s", "hand ex/s", "lib GF/s", "hand", "lib%", "hand%", "spread");
        out.flush();
        List<Row> rows = new ArrayList<>();
        for (int b : config.batches()) {
            rows.add(runBatch(b, peak, torch, out));
        }
        out.printf("%n== summary (load average %s) ==%n", BenchMath.loadAverage());
        for (Row r : rows) {
            out.printf("   batch %4d  ratio library/hand-coded %.3f  target <= %.2f  %s  (fastest reps: %.3f; per-round median: %.3f;"
                    + " gradient only: %.3f, per-round median %.3f)%n", r.batch(), r.ratio(), r.target(), r.met() ? "met" : "MISSED",
                    r.bestRatio(), r.pairedRatio(), r.gradientRatio(), r.gradientPairedRatio());
        }
        out.printf("%n   %5s %9s %9s %10s %9s | %9s %9s | %9s %9s %9s%n", "batch", "library", "torch", "lib/torch", "per-round",
                "nd4j GEMMs", "torch GEMMs", "lib/GEMMs", "hand/GEMMs", "torch/GEMMs");
        for (Row r : rows) {
            Torch t = r.torch();
            out.printf("   %5d %9.3f %9s %10s %9s | %9s %9s | %9.2f %9.2f %9s%s%n", r.batch(), r.libraryMs(), num(t.stepMs(), "%.3f"),
                    num(r.torchRatio(), "%.3f"), num(t.pairedRatio(), "%.3f"), num(r.gemmMs(), "%.3f"), num(t.gemmMs(), "%.3f"),
                    r.libraryOverGemms(), r.handMs() / r.gemmMs(), num(t.stepMs() / t.gemmMs(), "%.2f"),
                    t.ran() ? "" : "   (torch: " + t.skipped() + ")");
        }
        out.printf("   (ms/step medians; lib/torch = library/PyTorch step; X/GEMMs = step / its 11 GEMMs alone with the same BLAS:"
                + " the GEMM floor ratio)%n");
        out.printf("   total benchmark time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return rows;
    }

    private Row runBatch(int b, GemmPeak peak, TorchReference.Probe torchProbe, PrintWriter out) {
        long seed = config.seed();
        INDArray x = Binarized.sample(ImageData.embedded().train().rows(0, b).pixels(), Rng.of(seed).fold(0xbe7c));
        GaussianVae vae = new GaussianVae(LAYOUT.pixels(), LAYOUT.latent(), LAYOUT.hidden(), seed);
        LibraryVaeStep library = new LibraryVaeStep(vae, b, LR);
        INDArray initial = library.flatParams().dup();
        HandCodedVae hand = new HandCodedVae(LAYOUT, b, initial, LR);
        TorchReference torch = null;
        String torchSkipped = torchProbe.available() ? null : "not available";
        if (torchProbe.available()) {
            try {
                torch = TorchReference.start(torchProbe, b, seed, initial, x,
                        LibraryVaeStep.noise(LibraryVaeStep.key(seed, 0), b, LAYOUT.latent()));
            } catch (IOException | RuntimeException e) {
                torchSkipped = "cannot start: " + e.getMessage();
            }
        }
        try {
            String check = check(library, hand, x, seed, b);
            String torchCheck = "";
            if (torch != null) {
                try {
                    torch.awaitReady();
                    torchCheck = torchCheck(library, torch, x, seed, b);
                } catch (IOException | RuntimeException e) {
                    torchSkipped = e.getMessage();
                    torch.close();
                    torch = null;
                }
            }
            return timeBatch(b, peak, x, library, hand, initial, torch, torchSkipped, check, torchCheck, out);
        } finally {
            if (torch != null) {
                torch.close();
            }
        }
    }

    private Row timeBatch(int b, GemmPeak peak, INDArray x, LibraryVaeStep library, HandCodedVae hand, INDArray initial,
                          TorchReference torch, String torchSkipped, String check, String torchCheck, PrintWriter out) {
        long seed = config.seed();
        OpCount libOps = OpCount.of(() -> library.step(x, LibraryVaeStep.key(seed, 0)), 3);
        OpCount handOps = OpCount.of(() -> hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, 0), b, LAYOUT.latent())), 3);
        StepGemms gemms = new StepGemms(LAYOUT, b, seed);
        long[] libStep = {0};
        long[] handStep = {0};
        long[] libGrad = {0};
        long[] handGrad = {0};
        List<Interleaved.Side> cases = new ArrayList<>(List.of(
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
                }, () -> { hand.reset(initial); handGrad[0] = 0; }),
                new Interleaved.Case("ND4J GEMMs", gemms::runAll, () -> { })));
        if (torch != null) {
            cases.add(torch.steps("torch"));
            cases.add(torch.gemms("torch GEMMs"));
        }
        List<Interleaved.Result> r = Interleaved.run(cases, plan(config));
        Torch t;
        if (torch == null) {
            t = Torch.none(torchSkipped);
        } else if (torch.failure() != null) {
            t = Torch.none(torch.failure());
        } else {
            t = new Torch(r.get(5).median(), r.get(5).best(), pairedRatio(r.get(0), r.get(5)), r.get(6).median(), torchCheck, null);
        }
        Row row = new Row(b, r.get(0).median(), r.get(1).median(), r.get(0).best(), r.get(1).best(),
                Math.max(r.get(0).spread(), r.get(1).spread()), flopsPerStep(b), pairedRatio(r.get(0), r.get(1)),
                r.get(2).median(), r.get(3).median(), pairedRatio(r.get(2), r.get(3)), r.get(4).median(), t);
        double lgf = row.flops() / (row.libraryMs() * 1e6), hgf = row.flops() / (row.handMs() * 1e6);
        out.printf("   %5d %9.3f %10.3f | %8.3f %8s %-2s | %9.0f %9.0f | %8.1f %8.1f | %4.0f%% %4.0f%% | %5.0f%%%n",
                b, row.libraryMs(), row.handMs(), row.ratio(), String.format("<=%.2f", row.target()), row.met() ? "ok" : "NO",
                1e3 * b / row.libraryMs(), 1e3 * b / row.handMs(), lgf, hgf, 100 * lgf / peak.gflops(), 100 * hgf / peak.gflops(),
                100 * row.spread());
        out.printf("         fastest reps: library %.3f, hand-coded %.3f ms/step, ratio %.3f; median of the per-round ratios %.3f%n",
                row.libraryBestMs(), row.handBestMs(), row.bestRatio(), row.pairedRatio());
        out.printf("         gradient only (no optimizer step): library %.3f, hand-coded %.3f ms, ratio %.3f; median of the per-round ratios %.3f%n",
                row.gradientLibraryMs(), row.gradientHandMs(), row.gradientRatio(), row.gradientPairedRatio());
        if (t.ran()) {
            out.printf("         PyTorch: %.3f ms/step (fastest rep %.3f), library/torch %.3f, median of the per-round ratios %.3f;"
                            + " hand-coded/torch %.3f; %s%n", t.stepMs(), t.bestMs(), row.torchRatio(), t.pairedRatio(),
                    row.handMs() / t.stepMs(), t.check());
        } else {
            out.printf("         PyTorch: none (%s)%n", t.skipped());
        }
        out.printf("         GEMM floor (the step's 11 GEMMs alone, %.1f MFLOP): ND4J %.3f ms (%.1f GF/s), torch %s ms;"
                        + " step/GEMMs: library %.2f, hand-coded %.2f, torch %s%n", gemms.flops() / 1e6, row.gemmMs(),
                gemms.flops() / (row.gemmMs() * 1e6), num(t.gemmMs(), "%.3f"), row.libraryOverGemms(), row.handMs() / row.gemmMs(),
                num(t.stepMs() / t.gemmMs(), "%.2f"));
        out.printf("         %s; native ops/step %.0f %.0f; steps/rep %d %d; warm-up %.1f s %.1f s; load average %s%n", check,
                libOps.perRun(), handOps.perRun(), r.get(0).itersPerRep(), r.get(1).itersPerRep(), r.get(0).warmupMs() / 1e3,
                r.get(1).warmupMs() / 1e3, BenchMath.loadAverage());
        if (config.opDetail()) {
            out.printf("         library ops by name (%d steps): %s%n         hand-coded ops by name: %s%n", 3,
                    oneLine(libOps.byOp()), oneLine(handOps.byOp()));
        }
        out.flush();
        return row;
    }

    /** Loss and gradient agreement of the library and the PyTorch script at step 0, from the shared initial weights. */
    private static String torchCheck(LibraryVaeStep library, TorchReference torch, INDArray x, long seed, int b) throws IOException {
        double loss = library.computeGradients(x, LibraryVaeStep.key(seed, 0));
        float[] lib = library.flatGrads().dup().reshape(library.flatGrads().length()).toFloatVector();
        float[] tg = torch.checkGradient();
        if (tg.length != lib.length) {
            throw new IllegalStateException("torch reference: gradient has " + tg.length + " values, the library's " + lib.length);
        }
        double diff = 0, scale = 0;
        for (int i = 0; i < lib.length; i++) {
            diff = Math.max(diff, Math.abs((double) lib[i] - tg[i]));
            scale = Math.max(scale, Math.abs((double) lib[i]));
        }
        double tl = torch.checkLoss();
        return String.format("check at step 0: torch loss %+.1e relative, max|grad diff| %.1e of max|grad| %.3g; %s",
                (tl - loss) / Math.abs(loss), diff, scale, settingsLine(torch.settings()));
    }

    private static String settingsLine(java.util.Map<String, String> s) {
        return "torch threads=" + s.getOrDefault("threads", "?") + " interop=" + s.getOrDefault("interop", "?") + " blas="
                + s.getOrDefault("blas", "?") + " OPENBLAS_NUM_THREADS=" + s.getOrDefault("OPENBLAS_NUM_THREADS", "?")
                + " OMP_NUM_THREADS=" + s.getOrDefault("OMP_NUM_THREADS", "?") + " adam=" + s.getOrDefault("adam", "?") + " malloc="
                + s.getOrDefault("malloc", "?");
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "unset" : v;
    }

    private static String envLine(java.util.Map<String, String> env) {
        return new java.util.TreeMap<>(env).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(" "));
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(format, v);
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
