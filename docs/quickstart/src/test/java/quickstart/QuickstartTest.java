package quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The quick start, built against the installed artifacts, reaches the exact posterior
 * \(N(1, 1/2)\): Adam(0.01) jitters around the optimum by about its step size, so the mean is
 * checked to 0.1 and the standard deviation to 15%.
 */
class QuickstartTest {
    @Test
    void theQuickStartFitsTheExactPosterior() {
        double[] fit = Quickstart.fit(1);
        assertEquals(1.0, fit[0], 0.1, "posterior mean");
        assertEquals(Math.sqrt(0.5), fit[1], 0.15 * Math.sqrt(0.5), "posterior sd");
    }
}
