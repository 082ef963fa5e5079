package dev.ppl.autodiff.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs a loop over \([0, n)\) in two halves at once, the upper half on a common-pool thread and
 * the lower on the caller's, when the machine has two or more cores and the loop is worth it
 * (at least {@link #MIN_WORK} units of work); otherwise in one piece on the caller's thread. For
 * Java kernels whose iterations write disjoint parts of their outputs (one image each), so the
 * result does not depend on the split.
 */
final class Halves {
    /** The least work (the caller's unit, e.g. sampled points) split in two. */
    static final long MIN_WORK = 16_384;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** A loop body over iterations {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private Halves() {}

    /** {@code body} over {@code [0, n)}, in two halves at once if {@code work} is large enough. */
    static void run(int n, long work, Range body) {
        run(n, work, MIN_WORK, body);
    }

    /** {@code body} over {@code [0, n)}, in two halves at once if {@code work} is at least {@code minWork}. */
    static void run(int n, long work, long minWork, Range body) {
        if (CORES < 2 || n < 2 || work < minWork) {
            body.run(0, n);
            return;
        }
        int mid = n / 2;
        ForkJoinTask<?> upper = ForkJoinPool.commonPool().submit(() -> body.run(mid, n));
        body.run(0, mid);
        upper.join();
    }
}
