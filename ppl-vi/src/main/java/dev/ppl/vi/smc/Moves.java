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
    /** A particle's new state \(s_{t+1}\) and its log incremental weight \(\log w_t\). */
    record Moved<S>(S state, Var logWeight) {}

    /**
     * Extends particle {@code k} from {@code step} = \((t, s_t)\): proposes step \(t\)'s latent
     * choices and weighs them against the model's kernel with the observed choices {@code observed}.
     */
    Moved<S> extend(int k, Unfold.Step<S> step, ChoiceMap observed);

    /** {@code n} uniforms on [0, 1) for the resampling before step {@code t} (no gradient). */
    double[] uniforms(int t, int n);
}
