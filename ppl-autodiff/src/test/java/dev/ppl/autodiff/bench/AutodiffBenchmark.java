package dev.ppl.autodiff.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Command-line benchmark of ppl-autodiff against hand-written ND4J (issue "ppl-autodiff"):
 * <ol>
 *   <li>per-op overhead of {@code Var}/{@code Grad.grad} on a chain of 50 small elementwise ops
 *       ({@link OpChainBenchmark});</li>
 *   <li>an MLP 784-400-20 training step (forward + backward + Adam) at batch 64, 128 and 1000,
 *       library vs the fastest hand-written ND4J vs naive allocating ND4J ({@link MlpBenchmark});</li>
 *   <li>the achieved GFLOP/s of that step against ND4J's own GEMM peak ({@link GemmPeak}).</li>
 * </ol>
 * Run with {@code mvn -B -q test-compile exec:exec@bench -pl ppl-autodiff [-Dbench.args="..."]}.
 * Options: {@code --quick} (a few steps, a smoke test), {@code --tuned} (single-threaded small
 * elementwise and TAD ops: ND4J's elementwise and TAD thresholds set to {@code Integer.MAX_VALUE};
 * by default ND4J's own environment is measured), {@code --batches=64,128,1000},
 * {@code --reps=N}, {@code --chain=N} (chain length), {@code --help}.
 */
public final class AutodiffBenchmark {
    private AutodiffBenchmark() {}

    /** Parsed command-line options. */
    record Options(boolean quick, boolean tuned, int[] batches, int reps, int chain) {
        static Options parse(String[] args) {
            boolean quick = false, tuned = false;
            int[] batches = {64, 128, 1000};
            int reps = -1, chain = 50;
            for (String a : args) {
                if (a.isBlank()) {
                    continue;
                } else if (a.equals("--quick")) {
                    quick = true;
                } else if (a.equals("--tuned")) {
                    tuned = true;
                } else if (a.startsWith("--batches=")) {
                    batches = Arrays.stream(a.substring(10).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
                } else if (a.startsWith("--reps=")) {
                    reps = Integer.parseInt(a.substring(7));
                } else if (a.startsWith("--chain=")) {
                    chain = Integer.parseInt(a.substring(8));
                } else {
                    throw new IllegalArgumentException("unknown option '" + a + "'; options: --quick --tuned "
                            + "--batches=64,128,1000 --reps=N --chain=N --help");
                }
            }
            return new Options(quick, tuned, batches, reps, chain);
        }

        int repsOr(int dflt) {
            return reps > 0 ? reps : dflt;
        }
    }

    /** Runs the benchmark; see the class comment for the options. */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println("AutodiffBenchmark [--quick] [--tuned] [--batches=64,128,1000] [--reps=N] [--chain=N]");
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {   // includes NumberFormatException
            System.err.println("AutodiffBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        Environment env = Nd4j.getEnvironment();
        if (o.tuned()) {
            env.setElementwiseThreshold(Integer.MAX_VALUE);
            env.setTadThreshold(Integer.MAX_VALUE);
        }
        printEnvironment(out, o, env);

        Interleaved.Plan chainPlan = o.quick()
                ? new Interleaved.Plan(5, o.repsOr(2), 5, 2, 10)
                : new Interleaved.Plan(200, o.repsOr(9), 150, 20, 1_000_000);
        Interleaved.Plan mlpPlan = o.quick()
                ? new Interleaved.Plan(3, o.repsOr(2), 5, 1, 3)
                : new Interleaved.Plan(60, o.repsOr(9), 250, 5, 200);

        OpChainBenchmark.Ratios chain = new OpChainBenchmark(o.chain(), new long[] {64, 64}, chainPlan).run(out);

        GemmPeak.Result peak = o.quick() ? GemmPeak.measure(512, 1, 3) : GemmPeak.measure(1024, 3, 10);
        out.printf("%n== GEMM peak: Nd4j.gemm float32 %dx%dx%d into a preallocated output: best %.2f ms = %.1f GFLOP/s ==%n",
                peak.n(), peak.n(), peak.n(), peak.bestMs(), peak.gflops());

        List<MlpBenchmark.Row> rows = new MlpBenchmark(mlpPlan, 42).runAll(o.batches(), out, peak);

        out.printf("%n== summary (%s environment%s) ==%n", o.tuned() ? "tuned" : "default", o.quick() ? ", QUICK: not a measurement" : "");
        summary(out, "op chain forward, arena", chain.forwardArena(), OpChainBenchmark.TARGET);
        summary(out, "op chain forward+backward, arena", chain.gradArena(), OpChainBenchmark.TARGET);
        summary(out, "op chain forward, plain", chain.forwardPlain(), OpChainBenchmark.TARGET);
        summary(out, "op chain forward+backward, plain", chain.gradPlain(), OpChainBenchmark.TARGET);
        for (MlpBenchmark.Row r : rows) {
            summary(out, String.format("MLP batch %d library/hand-coded", r.batch()), r.ratio(), r.target());
        }
        for (MlpBenchmark.Row r : rows) {
            out.printf("   MLP batch %-5d library %.1f GF/s, hand-coded %.1f GF/s (%.0f%% / %.0f%% of GEMM peak)%n", r.batch(),
                    r.gflops(r.libraryMs()), r.gflops(r.handMs()), 100 * r.gflops(r.libraryMs()) / peak.gflops(),
                    100 * r.gflops(r.handMs()) / peak.gflops());
        }
        out.printf("   total benchmark time %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void summary(PrintStream out, String what, double ratio, double target) {
        out.printf("   %-40s ratio %5.2f  target <= %.2f  %s%n", what, ratio, target, ratio <= target ? "ok" : "MISSED");
    }

    private static void printEnvironment(PrintStream out, Options o, Environment env) {
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        out.println("== ppl-autodiff benchmark ==");
        out.printf("   java %s, %s; %d available processors; max heap %d MiB%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf("   nd4j backend %s, blas %s (%s threads), omp threads %s, OMP_WAIT_POLICY=%s%n", p.getOrDefault("backend", "?"),
                p.getOrDefault("blas.vendor", "?"), p.getOrDefault("blas.threads", "?"), p.getOrDefault("omp.threads", "?"),
                System.getenv("OMP_WAIT_POLICY"));
        out.printf("   environment: %s (elementwiseThreshold %d, tadThreshold %d, maxThreads %d, maxMasterThreads %d)%n",
                o.tuned() ? "TUNED (--tuned)" : "default", env.elementwiseThreshold(), env.tadThreshold(),
                env.maxThreads(), env.maxMasterThreads());
        out.printf("   options: %s; batches %s%n", o.quick() ? "--quick (smoke test, numbers meaningless)" : "full",
                Arrays.toString(o.batches()));
    }
}
