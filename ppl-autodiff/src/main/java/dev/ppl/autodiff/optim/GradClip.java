package dev.ppl.autodiff.optim;

import dev.ppl.autodiff.nn.Params;

/**
 * Gradient-norm clipping: if \(\|g\|_2 &gt; c\), scales the whole gradient buffer by
 * \(c / \|g\|_2\) (Pascanu et al. 2013), preserving its direction.
 */
public final class GradClip {
    private GradClip() {}

    /** Clips {@code params}' gradient buffer in place to norm {@code maxNorm}; returns the norm before clipping. */
    public static double clipNorm(Params params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipNorm: maxNorm must be positive, got " + maxNorm);
        }
        double norm = params.gradNorm();
        if (norm > maxNorm) {
            params.flatGrads().muli(maxNorm / norm);
        }
        return norm;
    }
}
