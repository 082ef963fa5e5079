package dev.ppl.examples.ssm;

import dev.ppl.autodiff.Var;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.smc.Fivo;
import dev.ppl.vi.smc.Resampling;
import dev.ppl.vi.smc.ResamplingGradient;
import dev.ppl.vi.smc.ResamplingPolicy;
import dev.ppl.vi.smc.SmcSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The three lower bounds of \(\frac1N \sum_i \log p(y^{(i)})\) compared by the {@code ssm}
 * command, at the same particle count \(K\), each an objective program that averages the
 * per-sequence bound over the \(N\) sequences (one nested expectation per sequence, at
 * {@code seq<i>}):
 * <ul>
 *   <li>{@link #ELBO}: \(E_q[\log p(x, y) - \log q(x \mid y)]\), one trajectory of the proposal
 *       (it spends \(1/K\) of the others' simulations);</li>
 *   <li>{@link #IWELBO}: \(E[\log \frac1K \sum_k w_k]\), \(K\) independent trajectories;</li>
 *   <li>{@link #FIVO}: \(E[\log \hat Z_{\mathrm{SMC}}]\), \(K\) particles of the same proposal
 *       resampled (systematic) when ESS/K falls below 1/2.</li>
 * </ul>
 * For every proposal, FIVO \(\ge\) IWELBO \(\ge\) ELBO in expectation on long sequences (FIVO and
 * IWELBO coincide without resampling), all \(\le \log p(y)\).
 */
public enum Bound {
    /** The evidence lower bound. */
    ELBO,
    /** The importance-weighted bound with \(K\) particles. */
    IWELBO,
    /** The filtering variational objective with \(K\) particles. */
    FIVO;

    /** The name with the particle count, e.g. {@code IWELBO(4)}. */
    public String label(int k) {
        return this == ELBO ? "ELBO" : name() + "(" + k + ")";
    }

    /** The bound for {@code model}'s sequences with {@code k} particles; FIVO's ancestors follow {@code gradient}. */
    public Expectation<Var> objective(StateSpaceModel model, int k, ResamplingGradient gradient) {
        IntFunction<Expectation<Var>> perSequence = switch (this) {
            case ELBO -> i -> Objectives.elbo(model.problem(i));
            case IWELBO -> i -> Objectives.iwelbo(model.problem(i), k);
            case FIVO -> i -> Fivo.of(SmcSampler.of(model.target(i), model.proposal(i), k)
                    .withResampling(ResamplingPolicy.adaptive(Resampling.SYSTEMATIC, 0.5)), gradient);
        };
        int n = model.sequences();
        List<Expectation<Var>> bounds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bounds.add(perSequence.apply(i));
        }
        return Expectation.of((ctx, init) -> {
            Var total = null;
            for (int i = 0; i < n; i++) {
                Var b = ctx.expect("seq" + i, bounds.get(i), init);
                total = total == null ? b : total.add(b);
            }
            return total.div(n);
        });
    }
}
