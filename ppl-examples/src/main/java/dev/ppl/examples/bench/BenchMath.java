package dev.ppl.examples.bench;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small numeric helpers of the benchmark: the largest absolute difference of two arrays and the median of timings. */
final class BenchMath {
    private BenchMath() {}

    /** \(\max_i |a_i - b_i|\) over two arrays of the same length, computed in float64. */
    static double maxAbsDiff(INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("maxAbsDiff: lengths " + a.length() + " and " + b.length() + " differ");
        }
        return a.reshape(a.length()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .sub(b.reshape(b.length()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                .amaxNumber().doubleValue();
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "n/a" where there is none. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** The median of {@code values} (the mean of the two middle ones for an even count). */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
