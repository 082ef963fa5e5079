package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * REINFORCE with a learned, input-dependent baseline trained jointly on its squared error (NVIL,
 * Mnih and Gregor 2014). With \(b_\psi\) the user's baseline (e.g. a network of the data, one
 * value per plate element, computed when the term is built) and \(C\) the continuation's value:
 * \[ T = T_x + \mathrm{sg}(C - b_\psi)\,(\log p_\theta(x) - \mathrm{sg}\log p_\theta(x))
 *        - \big[(\mathrm{sg}(C) - b_\psi)^2 - \mathrm{sg}\big((C - b_\psi)^2\big)\big]. \]
 * Both added terms have value 0, so the estimate of the objective is unchanged. The gradient with
 * respect to \(\theta\) is the unbiased REINFORCE estimate with baseline \(b_\psi\) (any \(b\)
 * not depending on \(x\) keeps it unbiased); the gradient with respect to the baseline's
 * parameters \(\psi\) is \(-\nabla_\psi (C - b_\psi)^2\), so maximizing the objective (the
 * library's convention) fits \(b_\psi\) to \(E[C]\) by least squares at the same time. The true
 * gradient of the objective with respect to \(\psi\) is zero: \(\psi\)'s gradient is the
 * baseline's training signal, not an estimate of it. Several choices may share one baseline
 * network (one output per choice): \(\psi\) then fits all of them jointly; what is refused is a
 * baseline parameter that shapes a density or the objective's value.
 */
public final class LearnedBaseline implements SingleShot {
    /** The op name of the (identity) node holding a term's least-squares fit of its baseline. */
    static final String FIT = "learnedBaselineFit";
    private final Supplier<Var> baseline;
    private final Reinforce rule;
    private volatile boolean checked;

    LearnedBaseline(Supplier<Var> baseline) {
        this.baseline = baseline;
        this.rule = Reinforce.withBaseline(baseline);
    }

    @Override public String name() { return "REINFORCE(learned baseline)"; }
    @Override public boolean appliesTo(Distribution<Var> dist) { return true; }
    @Override public boolean hasTerm() { return true; }

    @Override
    public Var draw(Distribution<Var> dist, Rng rng) {
        return rule.draw(dist, rng);
    }

    @Override
    public Var term(Var logDensity, Var continuation) {
        Var b = baseline.get().cast(continuation.dtype());
        if (!checked) {
            requireOwnParameters(b, logDensity, continuation);
            checked = true;
        }
        Var score = rule.term(logDensity, continuation);
        Var err = continuation.stopGradient().sub(b).square();
        Var fit = err.sub(err.stopGradient());
        return score.sub(Var.of(FIT, fit.value(), g -> new INDArray[] {g}, fit));
    }

    /**
     * Refuses a baseline whose parameters also shape the choice's density or its continuation:
     * its training signal \(-\nabla (C - b)^2\) would then be added to the objective's gradient
     * for those parameters, which is no longer an estimate of \(\nabla L\). Checked on the first
     * term of each instance.
     */
    private static void requireOwnParameters(Var b, Var logDensity, Var continuation) {
        Set<Var> mine = Grad.parametersOf(b);
        if (mine.isEmpty()) {
            return;
        }
        Set<Var> objective = Collections.newSetFromMap(new IdentityHashMap<>());
        objective.addAll(Grad.parametersOf(logDensity));
        // the fit terms of later choices' learned baselines (value 0) are in the continuation too; their
        // parameters are baselines', which may be shared between choices (one network for every step)
        objective.addAll(Grad.parametersOf(continuation, v -> FIT.equals(v.op())));
        List<String> shared = new ArrayList<>();
        for (Var p : mine) {
            if (objective.contains(p)) {
                shared.add(Shapes.str(p.shape()));
            }
        }
        if (!shared.isEmpty()) {
            throw new IllegalArgumentException("learned baseline: " + shared.size() + " of its " + mine.size()
                    + " parameters (shapes " + shared + ") also enter the choice's density or the objective after it; "
                    + "its squared-error training signal would be added to their gradient and bias it. Give the baseline "
                    + "parameters of its own (e.g. a separate network; feed it detached inputs with stopGradient())");
        }
    }
}
