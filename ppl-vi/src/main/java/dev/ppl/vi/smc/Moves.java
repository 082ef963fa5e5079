package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.combinators.Unfold;

/**
 * Where an SMC sweep's randomness comes from: a key ({@link KeyedMoves}, plain sampling) or an
 * objective's context ({@link ContextMoves}, every choice a random choice of the objective with
 * its gradient strategy). One interface so that both run the same {@link Sweep}.
 *
 * @param <S> the state type of the unfold
 */
interface Moves<S> {
    /**
     * A particle's new state \(s_{t+1}\), its log incremental weight \(\log w_t\) and the latent
     * choices \(x_t\) it made at step \(t\) (at the kernel's addresses, without the step prefix).
     */
    record Moved<S>(S state, Var logWeight, ChoiceMap latents) {}

    /**
     * Extends particle {@code k} from {@code step} = \((t, s_t)\): proposes step \(t\)'s latent
     * choices and weighs them against the model's kernel with the observed choices {@code observed}.
     */
    Moved<S> extend(int k, Unfold.Step<S> step, ChoiceMap observed);

    /**
     * The ancestors of the resampling before step {@code t} with {@code scheme}, for particles of
     * log weights {@code logWeights} (the same dtype) and normalized weights {@code normalized}
     * (their values).
     */
    int[] ancestors(int t, Resampling scheme, Var[] logWeights, double[] normalized);
}
