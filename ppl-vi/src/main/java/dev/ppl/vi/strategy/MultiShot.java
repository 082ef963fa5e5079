package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.List;

/**
 * A rule that runs the continuation several times: the engine stops the program at the choice,
 * runs the rest once per forced value ({@link Fork#values}), each with the choices before it
 * replayed and fresh randomness after it, and the rule combines the continuations' surrogates
 * \(T_k\) ({@link Fork#combine}). Every element of the choice's plates takes its forced value at
 * once, which is exact because the plate declares the elements' continuations independent; the
 * joint dims of the choice (see {@link ChoiceShape}) are coupled coordinate by coordinate or
 * enumerated jointly by the rule.
 */
public non-sealed interface MultiShot extends Strategy {
    /** The forced values for the choice from {@code dist} of shape {@code shape}, and their combination. */
    Fork fork(Distribution<Var> dist, ChoiceShape shape, Rng rng);

    /**
     * The plan of a multi-shot rule: the values to force, one continuation run each, and the
     * combination of the continuations' surrogates into this choice's surrogate.
     */
    interface Fork {
        /** The values to force, in order (each of the choice's full shape). */
        List<Var> values();

        /**
         * The surrogate of the choice and its continuation from the continuations' surrogates
         * ({@code continuations.get(k)} ran with {@code values().get(k)}), one plate-element
         * layout as {@link ChoiceShape#perElement} gives; called once per group of costs that
         * share plates.
         */
        Var combine(List<Var> continuations);
    }
}
