package dev.ppl.examples.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's own matrix-multiply throughput on this machine, the yardstick for a step's achieved
 * GFLOP/s: a float32 \(n \times n \times n\) {@code Nd4j.gemm} into a preallocated output, the best
 * of {@code runs} timed calls after two untimed ones, counted as \(2n^3\) floating-point operations.
 *
 * @param n the matrix size
 * @param runs the timed calls
 * @param bestMs the fastest call in milliseconds
 * @param gflops \(2n^3\) / best time, in GFLOP/s
 */
record GemmPeak(int n, int runs, double bestMs, double gflops) {
    /** Measures an {@code n}-cube GEMM. */
    static GemmPeak measure(int n, int runs) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, n, n);
        for (int i = 0; i < 2; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return new GemmPeak(n, runs, best, 2.0 * n * n * (double) n / (best * 1e6));
    }
}
