package dev.ppl.autodiff.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's own matrix-multiply throughput on this machine, the yardstick for the MLP's achieved
 * GFLOP/s: a float32 {@code n × n × n} {@code Nd4j.gemm} into a preallocated output, best of
 * several timed runs after a warm-up, counted as \(2n^3\) floating-point operations.
 */
public final class GemmPeak {
    private GemmPeak() {}

    /** The measured peak. */
    public record Result(int n, int runs, double bestMs, double gflops) {}

    /** Measures an {@code n}-cube GEMM {@code runs} times after {@code warmup} untimed runs. */
    public static Result measure(int n, int warmup, int runs) {
        Random r = Nd4j.getRandomFactory().getNewRandomInstance(11);
        INDArray a = Nd4j.rand(r, (long) n, n).castTo(DataType.FLOAT);
        INDArray b = Nd4j.rand(r, (long) n, n).castTo(DataType.FLOAT);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, n, n);
        for (int i = 0; i < warmup; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        double flops = 2.0 * n * n * (double) n;
        return new Result(n, runs, best, flops / (best * 1e6));
    }
}
