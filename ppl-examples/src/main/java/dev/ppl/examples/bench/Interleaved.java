package dev.ppl.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Wall-clock timing of several cases in interleaved rounds (A B, A B, ...), so that drift in the
 * machine's speed (other processes, frequency changes, the heap) affects every case equally and
 * their ratio stays meaningful on a loaded machine. Each case is warmed up; the warm-up's cost
 * sets the iterations per repetition so that one repetition lasts about {@code targetRepMs}.
 * The warm-up lasts at least {@code warmup} iterations and at least {@code warmupMs}
 * milliseconds, and then goes on until the JIT compiler has gone quiet ({@link JitQuiet}: under
 * 2% of a one-second window spent compiling) or {@code maxWarmupMs} have passed, so that each
 * case's hot code is compiled before timing starts (a case built from many small Java methods,
 * such as the library's step, keeps the compiler busy for many seconds, far longer than a case
 * that is a short list of native calls). The iterations per repetition come from the median of
 * five timed iterations after the warm-up. A case's result is the milliseconds per iteration of
 * each repetition. A case may also run in another process and time itself ({@link Side}: the
 * PyTorch reference); the rounds then pause briefly where they switch processes ({@link #SETTLE_MS}).
 */
final class Interleaved {
    private Interleaved() {}

    /**
     * One timed case: what {@link #run} needs of it. {@link Case} is a Java body timed here; a
     * case timed elsewhere (the PyTorch reference, a subprocess that times its own steps) reports
     * its milliseconds through {@link #timeMs}.
     */
    interface Side {
        /** The case's name. */
        String name();

        /** Untimed: restarts the case (run before every repetition and before the timed single iterations). */
        void reset();

        /** The untimed warm-up as {@code plan} says; returns the milliseconds it took. */
        double warmUp(Plan plan);

        /** Runs {@code iterations} iterations and returns their wall-clock milliseconds in total. */
        double timeMs(int iterations);

        /** The process the case runs in; when it changes between two timed cases, {@link #run} pauses {@link #SETTLE_MS}. */
        default String process() {
            return "this";
        }
    }

    /**
     * The pause before a case that runs in another process than the case before it. After a BLAS
     * call, OpenBLAS's worker threads spin (yielding) for about 0.1 s before they sleep (measured
     * for the PyTorch reference's process: 0.09-0.11 CPU-seconds in the 0.1 s after a round, none
     * after that); on two cores that would slow the start of the other process's round.
     */
    static final long SETTLE_MS = 200;

    /** A timed body and an untimed {@code restart} run before every repetition. */
    record Case(String name, Runnable body, Runnable restart) implements Side {
        @Override
        public void reset() {
            restart.run();
        }

        @Override
        public double warmUp(Plan plan) {
            return Interleaved.warmUp(this, plan);
        }

        @Override
        public double timeMs(int iterations) {
            return Interleaved.timeMs(body, iterations);
        }
    }

    /**
     * At least {@code warmup} iterations and {@code warmupMs} milliseconds of warm-up per case,
     * continued until the JIT compiler is quiet or {@code maxWarmupMs} have passed, then
     * {@code reps} rounds of about {@code targetRepMs} per case.
     */
    record Plan(int warmup, double warmupMs, double maxWarmupMs, int reps, double targetRepMs, int maxIters) {
        Plan {
            if (warmup < 1 || !(warmupMs >= 0) || !(maxWarmupMs >= warmupMs) || reps < 1 || maxIters < 1
                    || !(targetRepMs > 0)) {
                throw new IllegalArgumentException("bad timing plan " + this);
            }
        }
    }

    /** Milliseconds per iteration of one case in each repetition, and how long it was warmed up. */
    record Result(String name, int itersPerRep, double[] msPerIter, double warmupMs) {
        /** The median over repetitions. */
        double median() {
            return BenchMath.median(msPerIter);
        }

        /** The fastest repetition. */
        double best() {
            double lo = Double.POSITIVE_INFINITY;
            for (double t : msPerIter) {
                lo = Math.min(lo, t);
            }
            return lo;
        }

        /** (max - min) / median over repetitions: a noise indicator. */
        double spread() {
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (double t : msPerIter) {
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
            return (hi - lo) / median();
        }
    }

    /** Warms up and times {@code cases} according to {@code plan}; results in case order. */
    static List<Result> run(List<? extends Side> cases, Plan plan) {
        int[] iters = new int[cases.size()];
        double[] warmed = new double[cases.size()];
        String[] last = {cases.isEmpty() ? "" : cases.get(0).process()};
        for (int c = 0; c < cases.size(); c++) {
            Side k = cases.get(c);
            settle(last, k);
            warmed[c] = k.warmUp(plan);
            k.reset();
            double[] one = new double[5];
            for (int i = 0; i < one.length; i++) {
                one[i] = k.timeMs(1);
            }
            long n = Math.round(plan.targetRepMs() / Math.max(BenchMath.median(one), 1e-3));
            iters[c] = (int) Math.max(1, Math.min(plan.maxIters(), n));
        }
        double[][] times = new double[cases.size()][plan.reps()];
        for (int r = 0; r < plan.reps(); r++) {
            for (int c = 0; c < cases.size(); c++) {
                cases.get(c).reset();
                settle(last, cases.get(c));
                times[c][r] = cases.get(c).timeMs(iters[c]) / iters[c];
            }
        }
        List<Result> out = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            out.add(new Result(cases.get(c).name(), iters[c], times[c], warmed[c]));
        }
        return out;
    }

    /** Pauses {@link #SETTLE_MS} if {@code next} runs in another process than the case timed last. */
    private static void settle(String[] last, Side next) {
        if (!next.process().equals(last[0])) {
            try {
                Thread.sleep(SETTLE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            last[0] = next.process();
        }
    }

    /** Runs {@code k} untimed as {@code plan} says; returns the milliseconds spent. */
    private static double warmUp(Case k, Plan plan) {
        k.reset();
        long start = System.nanoTime();
        JitQuiet jit = null;
        for (int i = 0; ; i++) {
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (jit == null && i >= plan.warmup() && elapsed >= plan.warmupMs()) {
                jit = new JitQuiet(1000, 0.02);
            }
            if (jit != null && (elapsed >= plan.maxWarmupMs() || jit.quiet())) {
                return elapsed;
            }
            if (i > 0 && i % 50 == 0) {
                k.reset(); // stay near the timed steps' part of the trajectory
            }
            k.body().run();
        }
    }

    private static double timeMs(Runnable body, int iterations) {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            body.run();
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
