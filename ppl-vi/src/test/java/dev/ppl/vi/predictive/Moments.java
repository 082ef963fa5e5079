package dev.ppl.vi.predictive;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Independent checks of draws against exact moments, within 4 standard errors: the mean's
 * standard error \(\sqrt{v/N}\), the sample variance's \(v\sqrt{2/(N-1)}\) (normal draws), a
 * covariance's \(\sqrt{(v_1 v_2 + c^2)/N}\) (jointly normal draws).
 */
final class Moments {
    private Moments() {}

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    static double covariance(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }

    /** Whether normal draws {@code x} have mean {@code m} and variance {@code v}, each within 4 standard errors. */
    static boolean matches(double[] x, double m, double v) {
        int n = x.length;
        return Math.abs(mean(x) - m) < 4 * Math.sqrt(v / n) && Math.abs(variance(x) - v) < 4 * v * Math.sqrt(2.0 / (n - 1));
    }

    static void assertNormalMoments(String what, double[] x, double m, double v) {
        assertTrue(matches(x, m, v), what + ": mean " + mean(x) + ", variance " + variance(x) + " of " + x.length
                + " draws; expected " + m + ", " + v + " (within 4 standard errors)");
    }

    static void assertCovariance(String what, double[] x, double[] y, double v1, double v2, double c) {
        double got = covariance(x, y), se = Math.sqrt((v1 * v2 + c * c) / x.length);
        assertTrue(Math.abs(got - c) < 4 * se, what + ": covariance " + got + ", expected " + c + " +- 4 * " + se);
    }
}
