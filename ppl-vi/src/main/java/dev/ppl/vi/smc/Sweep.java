package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.combinators.Unfold;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMC sweep over the \(T\) steps of an unfold, with \(K\) particles, as a loop over the
 * particles (each step of each particle is one call of the kernel's GFI). For \(t = 0, \dots, T-1\):
 * <ol>
 *   <li>if \(t > 0\) and the policy says so (from the normalized weights), add
 *       \(\log \frac1K \sum_k w_k\) to \(\log \hat Z\), draw ancestors \(a_k\), set
 *       \(s^k \leftarrow s^{a_k}\) (and the trajectories), and reset \(\log w_k \leftarrow 0\);</li>
 *   <li>extend every particle: \(s^k \leftarrow s^k_{t+1}\), \(\log w_k \mathrel{+}= \log w^k_t\).</li>
 * </ol>
 * Finally \(\log \hat Z \mathrel{+}= \log \frac1K \sum_k w_k\). So
 * \(\hat Z = \prod_{\text{epochs } e} \frac1K \sum_k \prod_{t \in e} w^k_t\), the standard SMC
 * estimate with \(E[\hat Z] = p(y_{1:T})\) (Del Moral 2004); with resampling at every step it is
 * \(\prod_t \frac1K \sum_k w_t^k\). The log weights and \(\log \hat Z\) are {@link Var}s: inside
 * an objective they carry the proposals' pathwise gradients; the ancestor indices are integers
 * (from {@link Moves#ancestors}; inside an objective a random choice whose strategy decides
 * whether a score term for them enters the gradient, see {@link Ancestors}).
 */
final class Sweep {
    private Sweep() {}

    /**
     * What a sweep leaves: final states, trajectories, each particle's latent choices per step
     * (following its ancestors), final log weights, \(\log \hat Z\), the steps resampled before.
     */
    record Outcome<S>(List<S> states, List<List<S>> trajectories, List<List<ChoiceMap>> latents, Var[] logWeights,
            Var logNormalizer, List<Integer> resampledBefore) {}

    static <S> Outcome<S> run(Unfold<S> model, ChoiceMap observations, S init, int k, ResamplingPolicy policy,
            Moves<S> moves) {
        List<S> states = new ArrayList<>(k);
        List<List<S>> paths = new ArrayList<>(k);
        List<List<ChoiceMap>> choices = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            states.add(init);
            paths.add(new ArrayList<>());
            choices.add(new ArrayList<>());
        }
        Var[] lw = new Var[k];
        Var logZ = null;
        List<Integer> resampled = new ArrayList<>();
        for (int t = 0; t < model.steps(); t++) {
            if (t > 0 && policy.shouldResample(normalized(lw))) {
                logZ = plus(logZ, Var.logMeanExp(sameDtype(lw)));
                int[] a = moves.ancestors(t, policy.scheme(), sameDtype(lw), normalized(lw));
                List<S> s = new ArrayList<>(k);
                List<List<S>> p = new ArrayList<>(k);
                List<List<ChoiceMap>> c = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    s.add(states.get(a[i]));
                    p.add(new ArrayList<>(paths.get(a[i])));
                    c.add(new ArrayList<>(choices.get(a[i])));
                    lw[i] = null; // weight 1 after resampling
                }
                states = s;
                paths = p;
                choices = c;
                resampled.add(t);
            }
            ChoiceMap observed = observations.submap(Integer.toString(t));
            for (int i = 0; i < k; i++) {
                Moves.Moved<S> m = moves.extend(i, new Unfold.Step<>(t, states.get(i)), observed);
                states.set(i, m.state());
                paths.get(i).add(m.state());
                choices.get(i).add(m.latents());
                lw[i] = plus(lw[i], m.logWeight());
            }
        }
        logZ = plus(logZ, Var.logMeanExp(sameDtype(lw)));
        List<List<S>> trajectories = new ArrayList<>(k);
        List<List<ChoiceMap>> latents = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            trajectories.add(List.copyOf(paths.get(i)));
            latents.add(List.copyOf(choices.get(i)));
        }
        return new Outcome<>(List.copyOf(states), List.copyOf(trajectories), List.copyOf(latents), lw, logZ,
                List.copyOf(resampled));
    }

    /** \(W_k = w_k / \sum_j w_j\) from the log weights' values. */
    static double[] normalized(Var[] lw) {
        double[] l = new double[lw.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < l.length; i++) {
            l[i] = lw[i] == null ? 0.0 : lw[i].item();
            max = Math.max(max, l[i]);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            throw new IllegalStateException("SMC: every particle has weight 0 (or a NaN log weight): log weights "
                    + java.util.Arrays.toString(l) + "; the proposal puts no mass where the model has density");
        }
        return normalizedFromLogs(l);
    }

    /** \(W_k = e^{l_k - m} / \sum_j e^{l_j - m}\) with \(m = \max_j l_j\), for log weights {@code logs} (a new array). */
    static double[] normalizedFromLogs(double[] logs) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logs) {
            max = Math.max(max, v);
        }
        double[] w = new double[logs.length];
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logs[i] - max);
            total += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
    }

    private static Var[] sameDtype(Var[] v) {
        Var[] out = new Var[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].cast(v[0].dtype());
        }
        return out;
    }

    private static Var plus(Var acc, Var x) {
        return acc == null ? x : acc.add(x.cast(acc.dtype()));
    }
}
