package dev.ppl.autodiff.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wall-clock timing of several cases in interleaved rounds (A B C, A B C, ...), so that drift in
 * the machine's speed (other processes, frequency changes, a growing heap) affects every case
 * equally and ratios between cases stay meaningful on a noisy machine.
 *
 * <p>Each case is first warmed up; the warm-up also estimates its cost, from which the number of
 * iterations per repetition is chosen so that one repetition lasts about
 * {@link Plan#targetRepMs}. The result of a case is one time per iteration for each repetition;
 * report the {@linkplain Result#median median} (robust) or the {@linkplain Result#best best}.
 * Wall-clock time includes everything the body causes on its thread: garbage collection,
 * native allocation and ND4J's thread pool.
 */
public final class Interleaved {
    private Interleaved() {}

    /**
     * A named body timed as one iteration, and an untimed {@code reset} run after the warm-up and
     * before every repetition (e.g. to restart training from the same state).
     */
    public record Case(String name, Runnable body, Runnable reset) {
        /** A case with nothing to reset. */
        public Case(String name, Runnable body) {
            this(name, body, () -> { });
        }
    }

    /**
     * How much to run: {@code warmup} iterations per case, then {@code reps} interleaved rounds of
     * about {@code targetRepMs} per case, each between {@code minIters} and {@code maxIters}
     * iterations.
     */
    public record Plan(int warmup, int reps, double targetRepMs, int minIters, int maxIters) {
        /** Checks the bounds. */
        public Plan {
            if (warmup < 1 || reps < 1 || minIters < 1 || maxIters < minIters || !(targetRepMs > 0)) {
                throw new IllegalArgumentException("bad timing plan " + this);
            }
        }
    }

    /** The times of one case: milliseconds per iteration in each repetition. */
    public record Result(String name, int itersPerRep, double[] msPerIter) {
        /** The median over repetitions. */
        public double median() {
            double[] s = msPerIter.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        }

        /** The fastest repetition. */
        public double best() {
            return Arrays.stream(msPerIter).min().orElse(Double.NaN);
        }

        /** The relative spread (max - min) / median, a quick noise indicator. */
        public double spread() {
            double max = Arrays.stream(msPerIter).max().orElse(Double.NaN);
            return (max - best()) / median();
        }
    }

    /** Warms up and times {@code cases} according to {@code plan}; results are in case order. */
    public static List<Result> run(List<Case> cases, Plan plan) {
        int[] iters = new int[cases.size()];
        for (int c = 0; c < cases.size(); c++) {
            Case k = cases.get(c);
            double ms = timeMs(k.body(), plan.warmup()) / plan.warmup();
            // time a few more warm iterations for the estimate: the first ones include JIT and allocation learning
            k.reset().run();
            int probe = Math.max(1, Math.min(plan.warmup(), plan.minIters()));
            ms = Math.min(ms, timeMs(k.body(), probe) / probe);
            long n = Math.round(plan.targetRepMs() / Math.max(ms, 1e-6));
            iters[c] = (int) Math.max(plan.minIters(), Math.min(plan.maxIters(), n));
        }
        double[][] times = new double[cases.size()][plan.reps()];
        for (int r = 0; r < plan.reps(); r++) {
            for (int c = 0; c < cases.size(); c++) {
                cases.get(c).reset().run();
                times[c][r] = timeMs(cases.get(c).body(), iters[c]) / iters[c];
            }
        }
        List<Result> out = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            out.add(new Result(cases.get(c).name(), iters[c], times[c]));
        }
        return out;
    }

    private static double timeMs(Runnable body, int iterations) {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            body.run();
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
