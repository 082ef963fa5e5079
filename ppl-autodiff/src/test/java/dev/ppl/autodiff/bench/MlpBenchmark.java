package dev.ppl.autodiff.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Parts 2 and 3 of the benchmark: one training step (forward + backward + Adam) of the
 * {@link MlpProblem} in float32 at each batch size, timed for the {@link LibraryMlp}, the
 * {@link HandWrittenMlp} and the {@link AllocatingMlp}, plus the step's 5 GEMMs alone (a lower
 * bound), all interleaved and starting from the same weights. Prints milliseconds per step, the
 * ratio library/hand-coded against its target (1.10 at batch 64, 1.05 above), and the achieved
 * GFLOP/s of each as a fraction of the measured {@link GemmPeak}. Every repetition restarts
 * training from the initial weights ({@link MlpTrainer#reset}, untimed), so all implementations
 * time the same early steps of the same trajectory.
 */
public final class MlpBenchmark {
    /** One batch size's results (milliseconds per step are medians). */
    public record Row(int batch, double libraryMs, double handMs, double allocatingMs, double gemmMs,
                      double flops, double maxSpread) {
        /** library / hand-coded. */
        public double ratio() {
            return libraryMs / handMs;
        }

        /** The target for {@link #ratio}. */
        public double target() {
            return batch <= 64 ? 1.10 : 1.05;
        }

        /** GFLOP/s at {@code ms} per step. */
        public double gflops(double ms) {
            return flops / (ms * 1e6);
        }
    }

    private final Interleaved.Plan plan;
    private final long seed;

    /** A benchmark timed according to {@code plan}, data and weights from {@code seed}. */
    public MlpBenchmark(Interleaved.Plan plan, long seed) {
        this.plan = plan;
        this.seed = seed;
    }

    /** Prints the table header. */
    public void printHeader(PrintStream out, GemmPeak.Result peak) {
        out.printf("%n== 2./3. MLP %d-%d-%d (ReLU, identity out, 0.5/B*sum((y-t)^2)), forward+backward+Adam(lr %.0e), float32 ==%n",
                MlpProblem.IN, MlpProblem.HIDDEN, MlpProblem.OUT, MlpProblem.LR);
        out.printf("   ms/step = median of %d interleaved reps, each restarting from the initial weights (steps 1..N);%n",
                plan.reps());
        out.printf("   GF/s counts 5 GEMMs per step (2 fwd + 3 bwd), 2*M*N*K each;%n");
        out.printf("   %%peak relative to Nd4j.gemm %dx%dx%d float32 = %.1f GF/s (best of %d)%n",
                peak.n(), peak.n(), peak.n(), peak.gflops(), peak.runs());
        out.printf("   %5s %9s %10s %10s %9s | %8s %9s | %8s %8s %8s %8s | %6s %6s %6s | %6s%n",
                "batch", "library", "hand-coded", "allocating", "gemm-only", "lib/hand", "target",
                "lib GF/s", "hand", "alloc", "gemm", "lib%pk", "hand%", "gemm%", "spread");
    }

    /** Checks, times and prints one batch size. */
    public Row run(int batch, PrintStream out, GemmPeak.Result peak) {
        MlpProblem problem = MlpProblem.create(batch, DataType.FLOAT, seed);
        LibraryMlp library = new LibraryMlp(problem);
        INDArray initial = library.params().flatValues().dup();
        HandWrittenMlp hand = new HandWrittenMlp(problem, initial);
        AllocatingMlp allocating = new AllocatingMlp(problem, initial);
        HandWrittenMlp gemmOnly = new HandWrittenMlp(problem, initial);
        gemmOnly.computeGradients();   // defined contents in every buffer the GEMMs read

        String check = check(library, hand, allocating);
        List<Interleaved.Result> r = Interleaved.run(List.of(
                new Interleaved.Case(library.name(), library::step, library::reset),
                new Interleaved.Case(hand.name(), hand::step, hand::reset),
                new Interleaved.Case(allocating.name(), allocating::step, allocating::reset),
                new Interleaved.Case("gemm-only", gemmOnly::gemmsOnly)), plan);
        double spread = 0;
        for (Interleaved.Result x : r) {
            spread = Math.max(spread, x.spread());
        }
        Row row = new Row(batch, r.get(0).median(), r.get(1).median(), r.get(2).median(), r.get(3).median(),
                problem.flopsPerStep(), spread);
        double pk = peak.gflops();
        out.printf("   %5d %9.3f %10.3f %10.3f %9.3f | %8.3f %6s %-2s | %8.1f %8.1f %8.1f %8.1f | %5.0f%% %5.0f%% %5.0f%% | %5.0f%%%n",
                batch, row.libraryMs(), row.handMs(), row.allocatingMs(), row.gemmMs(), row.ratio(),
                String.format("<=%.2f", row.target()), row.ratio() <= row.target() ? "ok" : "NO",
                row.gflops(row.libraryMs()), row.gflops(row.handMs()), row.gflops(row.allocatingMs()),
                row.gflops(row.gemmMs()), 100 * row.gflops(row.libraryMs()) / pk, 100 * row.gflops(row.handMs()) / pk,
                100 * row.gflops(row.gemmMs()) / pk, 100 * spread);
        out.printf("         %s; steps/rep: %d %d %d %d%n", check, r.get(0).itersPerRep(), r.get(1).itersPerRep(),
                r.get(2).itersPerRep(), r.get(3).itersPerRep());
        return row;
    }

    /** Loss and gradient agreement at the shared starting point (before any Adam step). */
    private static String check(MlpTrainer library, MlpTrainer hand, MlpTrainer allocating) {
        double lossLib = library.computeGradients();
        double lossHand = hand.computeGradients();
        double lossAlloc = allocating.computeGradients();
        INDArray gLib = library.flatGrads();
        double dHand = maxAbsDiff(gLib, hand.flatGrads());
        double dAlloc = maxAbsDiff(gLib, allocating.flatGrads());
        return String.format("check at step 0: loss %.6g (hand %+.1e, alloc %+.1e), max|grad - library| hand %.1e alloc %.1e",
                lossLib, lossHand - lossLib, lossAlloc - lossLib, dHand, dAlloc);
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return Transforms.abs(a.reshape(a.length()).sub(b.reshape(b.length())), false).maxNumber().doubleValue();
    }

    /** Runs every batch size in {@code batches}, printing as it goes. */
    public List<Row> runAll(int[] batches, PrintStream out, GemmPeak.Result peak) {
        printHeader(out, peak);
        List<Row> rows = new ArrayList<>();
        for (int b : batches) {
            rows.add(run(b, out, peak));
        }
        return rows;
    }
}
