package dev.ppl.core.plate;

import dev.ppl.autodiff.Var;

/**
 * A trace whose choices all lie in one plate and that reports its score per element of it, for
 * traces that are not dynamic traces (e.g. a marginal whose density is estimated per element):
 * {@link Plate#frame} and {@link Plate#elementScores} read these instead of the sites.
 */
public interface PlateTrace {
    /** The plate every choice lies in. */
    Frame plate();

    /** The score per element of the plate (shape {@code [n]}, or with enumeration dims left of it); its sum is the score. */
    Var elementScores();
}
