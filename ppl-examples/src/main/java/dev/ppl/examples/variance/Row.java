package dev.ppl.examples.variance;

/**
 * One measured estimator: from {@code n} estimates, the bias against the exact gradient
 * (its Euclidean norm, the norm of the standard errors \(\sqrt{\sum_j \mathrm{SE}_j^2}\) it is to be
 * read against, and the largest \(|\bar g_j - g_j| / \mathrm{SE}_j\)), the mean per-coordinate
 * variance over the discrete choices' parameters (\(\phi, \psi\)) and over all coordinates, and the
 * median time of one estimate in milliseconds, and \(|\bar L - L| / \mathrm{SE}\) of the objective's
 * value estimates against the exact ELBO.
 */
public record Row(String name, boolean unbiased, int n, double biasNorm, double noiseNorm, double maxZ,
                  double discreteVariance, double allVariance, double millis, double valueZ) {

    /** The row's statistics from per-coordinate means and variances (discrete coordinates first). */
    static Row of(Estimator e, int n, double[] mean, double[] variance, double[] exact, int discrete, double millis,
                  double valueZ) {
        double bias2 = 0, se2 = 0, maxZ = 0, discreteVar = 0, allVar = 0;
        for (int j = 0; j < mean.length; j++) {
            double bias = mean[j] - exact[j];
            double se2j = variance[j] / n;
            bias2 += bias * bias;
            se2 += se2j;
            maxZ = Math.max(maxZ, Math.abs(bias) / (Math.sqrt(se2j) + 1e-12));
            allVar += variance[j];
            if (j < discrete) {
                discreteVar += variance[j];
            }
        }
        return new Row(e.name(), e.unbiased(), n, Math.sqrt(bias2), Math.sqrt(se2), maxZ,
                discreteVar / discrete, allVar / mean.length, millis, valueZ);
    }

    /** Variance times time: the cost of reaching a given precision, in variance x ms. */
    public double cost() {
        return discreteVariance * millis;
    }

    /** Whether every coordinate lies within 4 standard errors of the exact gradient. */
    public boolean withinFourStandardErrors() {
        return maxZ <= 4;
    }
}
