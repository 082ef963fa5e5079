package dev.ppl.examples.ssm;

/**
 * The exact log-evidence of the 1-D linear-Gaussian state-space model by the Kalman filter, in
 * plain doubles (independent of the library): with \(x_0 \sim N(0, 1)\),
 * \(x_t = a x_{t-1} + N(0, q)\), \(y_t = x_t + N(0, r)\), the predictive
 * \(y_t \mid y_{0:t-1} \sim N(m_t, P_t + r)\) gives
 * \(\log p(y_{0:T-1}) = \sum_t \log N(y_t; m_t, P_t + r)\).
 */
public final class Kalman {
    private Kalman() {}

    /** \(\log p(y)\) for transition coefficient {@code a}, transition variance {@code q}, observation variance {@code r}. */
    public static double logEvidence(double[] y, double a, double q, double r) {
        double m = 0;
        double p = 1;
        double lp = 0;
        for (int t = 0; t < y.length; t++) {
            if (t > 0) {
                m = a * m;
                p = a * a * p + q;
            }
            double s = p + r;
            lp += -0.5 * Math.log(2 * Math.PI * s) - 0.5 * (y[t] - m) * (y[t] - m) / s;
            double gain = p / s;
            m += gain * (y[t] - m);
            p = (1 - gain) * p;
        }
        return lp;
    }
}
