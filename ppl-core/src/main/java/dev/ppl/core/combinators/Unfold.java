package dev.ppl.core.combinators;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.Assessment;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.Unvisited;
import dev.ppl.core.UnvisitedChoicesException;
import dev.ppl.core.Updated;
import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The unfold combinator: a sequence model of \(T\) steps of a kernel \(k\) from an initial state
 * \(s_0\) (the argument), \(s_{t+1} = k(t, s_t)\) for \(t = 0, \dots, T-1\), returning
 * \([s_1, \dots, s_T]\). Step \(t\)'s choices \(\tau_t\) live under the address {@code t/...}
 * (e.g. {@code 3/x}), and
 * \[ p(\tau; s_0) = \prod_{t&lt;T} p_k(\tau_t; t, s_t), \qquad
 *    \text{score} = \sum_{t&lt;T} \log p_k(\tau_t; t, s_t), \]
 * where \(s_{t+1}\) is the return value of step \(t\) (so it depends on \(\tau_0, \dots, \tau_t\)).
 * Each operation runs the kernel's own operation on step \(t\), in order, with arguments
 * {@code new Step<>(t, s_t)}, the choices (or the selection) below {@code t/} and the key
 * {@code rng.fold(t)}; the weights are sums over the steps:
 * <ul>
 *   <li>{@code simulate}: \(\tau_t \sim p_k(\cdot; t, s_t)\), step after step.</li>
 *   <li>{@code assess}: \(\log p(\tau; s_0) = \sum_t \log p_k(\tau_t; t, s_t)\); missing choices of
 *       all steps are listed together (as {@code t/...}).</li>
 *   <li>{@code generate}: \(w = \sum_t w_t\), \(w_t\) the kernel's generate weight of step \(t\), i.e.
 *       \(\log p(\tau; s_0) - \log p(\tau_{\text{free}}; s_0)\) given the constraints.</li>
 *   <li>{@code update} to \(s_0'\): step \(t\) is updated with its <em>new</em> arguments
 *       \((t, s'_t)\), \(s'_t\) the updated step \(t-1\)'s return value, so a change of an early
 *       choice or of \(s_0\) propagates: every later step keeps its choices (unless constrained)
 *       and is re-scored under its new state. \(w = \sum_t w_t = \log p(\tau'; s_0') -
 *       \log p(\tau; s_0) - \log p(\tau'_{\text{fresh}}; s_0')\).</li>
 *   <li>{@code regenerate} to \(s_0'\): step \(t\) is regenerated with arguments \((t, s'_t)\) and the
 *       selection below {@code t/}; \(w = \sum_t w_t = \sum_{a \text{ kept}} [\log p'_a - \log p_a]\).</li>
 * </ul>
 * {@code update} and {@code regenerate} accept the trace of any unfold of the same kernel, also
 * one of another length \(T_{\text{old}}\) (to extend a sequence, as in sequential Monte Carlo):
 * steps \(t \ge T_{\text{old}}\) are then generated ({@code update}, weight: the log density of
 * their constrained choices) or simulated ({@code regenerate}, weight 0), and old steps
 * \(t \ge T\) are discarded, contributing \(-\log p_k(\tau_t)\) to an update's weight and 0 to a
 * regenerate's. Constraints or choices at addresses no step visits (a head that is not an index
 * in \([0, T)\), or a value at {@code t} itself) are an {@link IllegalArgumentException} listing
 * all of them. Errors raised by the kernel name the step.
 *
 * @param <S> the state type
 */
public final class Unfold<S> implements GenerativeFunction<S, List<S>> {
    /** The arguments of the kernel's call at step {@code t}: the step and the current state \(s_t\). */
    public record Step<S>(int t, S state) {}

    private static final Rng PLACEHOLDER = Rng.of(0);
    private final GenerativeFunction<Step<S>, S> kernel;
    private final int steps;
    private final String name;

    private Unfold(GenerativeFunction<Step<S>, S> kernel, int steps) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        if (steps < 0) {
            throw new IllegalArgumentException("unfold(" + kernel.name() + "): steps must be >= 0, got " + steps);
        }
        this.steps = steps;
        this.name = "unfold(" + kernel.name() + ", " + steps + ")";
    }

    /** {@code steps} steps of {@code kernel}, which maps \((t, s_t)\) to \(s_{t+1}\). */
    public static <S> Unfold<S> of(GenerativeFunction<Step<S>, S> kernel, int steps) {
        return new Unfold<>(kernel, steps);
    }

    /** The function run at each step. */
    public GenerativeFunction<Step<S>, S> kernel() {
        return kernel;
    }

    /** The number of steps \(T\). */
    public int steps() {
        return steps;
    }

    @Override
    public String name() {
        return name;
    }

    /** The kernel's parameters. */
    @Override
    public List<Var> params() {
        return kernel.params();
    }

    @Override
    public UnfoldTrace<S> simulate(Rng rng, S init) {
        List<Trace<Step<S>, S>> out = new ArrayList<>(steps);
        S state = init;
        for (int t = 0; t < steps; t++) {
            Step<S> arg = new Step<>(t, state);
            int e = t;
            Trace<Step<S>, S> tr = Indexed.call(name + ".simulate", t, () -> kernel.simulate(rng.fold(e), arg));
            out.add(tr);
            state = tr.retval();
        }
        return new UnfoldTrace<>(this, init, out);
    }

    @Override
    public Assessment<List<S>> assess(ChoiceMap choices, S init) {
        if (choices == null) {
            throw new IllegalArgumentException(name + ".assess: the choices are null; use ChoiceMap.empty() for none");
        }
        List<Address> missing = new ArrayList<>();
        Unvisited unvisited = Indexed.findUnvisited(choices, steps);
        List<S> retval = new ArrayList<>(steps);
        Var logDensity = null;
        S state = init;
        for (int t = 0; t < steps; t++) {
            Step<S> arg = new Step<>(t, state);
            ChoiceMap sub = Indexed.below(choices, t);
            try {
                Assessment<S> a = Indexed.call(name + ".assess", t, () -> kernel.assess(sub, arg));
                logDensity = Indexed.plus(logDensity, a.logDensity());
                state = a.retval();
            } catch (MissingChoicesException m) {
                Indexed.addMissing(missing, t, m);
                unvisited = unvisited.plus(m.unvisited().prefixed(Indexed.at(t)));
                state = placeholderState(t, sub, arg); // lets later steps report their missing choices too
            } catch (UnvisitedChoicesException u) { // already under t/...
                unvisited = unvisited.plus(u.unvisited());
                state = placeholderState(t, sub, arg);
            }
            retval.add(state);
        }
        Indexed.checkAssessed(name, steps, missing, unvisited);
        return new Assessment<>(Indexed.orZero(logDensity, null), retval);
    }

    /** A state to continue an assessment with after step {@code t} missed choices. */
    private S placeholderState(int t, ChoiceMap given, Step<S> arg) {
        try {
            return kernel.generate(PLACEHOLDER.fold(t), given, arg).trace().retval();
        } catch (IllegalArgumentException e) {
            return kernel.generate(PLACEHOLDER.fold(t), ChoiceMap.empty(), arg).trace().retval();
        }
    }

    @Override
    public Generated<S, List<S>> generate(Rng rng, ChoiceMap constraints, S init) {
        Indexed.checkVisited(name, name + ".generate", constraints, steps);
        List<Trace<Step<S>, S>> out = new ArrayList<>(steps);
        Var weight = null;
        S state = init;
        for (int t = 0; t < steps; t++) {
            Step<S> arg = new Step<>(t, state);
            int e = t;
            Generated<Step<S>, S> g = Indexed.call(name + ".generate", t,
                    () -> kernel.generate(rng.fold(e), Indexed.below(constraints, e), arg));
            weight = Indexed.plus(weight, g.weight());
            out.add(g.trace());
            state = g.trace().retval();
        }
        UnfoldTrace<S> tr = new UnfoldTrace<>(this, init, out);
        return new Generated<>(tr, Indexed.orZero(weight, tr.score()));
    }

    @Override
    public Updated<S, List<S>> update(Rng rng, Trace<S, List<S>> trace, ChoiceMap constraints, S newInit) {
        UnfoldTrace<S> old = own(trace, name + ".update");
        Indexed.checkVisited(name, name + ".update", constraints, steps);
        List<Trace<Step<S>, S>> out = new ArrayList<>(steps);
        ChoiceMap.Builder discard = ChoiceMap.builder();
        Var weight = null;
        S state = newInit;
        for (int t = 0; t < steps; t++) {
            Step<S> arg = new Step<>(t, state); // the new state: changes propagate to every later step
            int e = t;
            ChoiceMap sub = Indexed.below(constraints, t);
            Trace<Step<S>, S> tr;
            if (t < old.size()) {
                Updated<Step<S>, S> u = Indexed.call(name + ".update", t,
                        () -> kernel.update(rng.fold(e), old.step(e), sub, arg));
                weight = Indexed.plus(weight, u.weight());
                Indexed.putAll(discard, t, u.discard());
                tr = u.trace();
            } else {
                Generated<Step<S>, S> g = Indexed.call(name + ".update", t, () -> kernel.generate(rng.fold(e), sub, arg));
                weight = Indexed.plus(weight, g.weight());
                tr = g.trace();
            }
            out.add(tr);
            state = tr.retval();
        }
        for (int t = steps; t < old.size(); t++) { // removed: their density leaves p(tau')
            weight = Indexed.plus(weight, old.step(t).score().neg());
            Indexed.putAll(discard, t, old.step(t).choices());
        }
        UnfoldTrace<S> tr = new UnfoldTrace<>(this, newInit, out);
        return new Updated<>(tr, Indexed.orZero(weight, tr.score()), discard.build());
    }

    @Override
    public Updated<S, List<S>> regenerate(Rng rng, Trace<S, List<S>> trace, Selection selection, S newInit) {
        if (selection == null) {
            throw new IllegalArgumentException(name + ".regenerate: the selection is null; use Selection.none() for none");
        }
        UnfoldTrace<S> old = own(trace, name + ".regenerate");
        List<Trace<Step<S>, S>> out = new ArrayList<>(steps);
        ChoiceMap.Builder discard = ChoiceMap.builder();
        Var weight = null;
        S state = newInit;
        for (int t = 0; t < steps; t++) {
            Step<S> arg = new Step<>(t, state);
            int e = t;
            Trace<Step<S>, S> tr;
            if (t < old.size()) {
                Updated<Step<S>, S> u = Indexed.call(name + ".regenerate", t,
                        () -> kernel.regenerate(rng.fold(e), old.step(e), Indexed.below(selection, e), arg));
                weight = Indexed.plus(weight, u.weight());
                Indexed.putAll(discard, t, u.discard());
                tr = u.trace();
            } else { // new: sampled from the prior, weight 0
                tr = Indexed.call(name + ".regenerate", t, () -> kernel.simulate(rng.fold(e), arg));
            }
            out.add(tr);
            state = tr.retval();
        }
        for (int t = steps; t < old.size(); t++) { // removed: weight 0
            Indexed.putAll(discard, t, old.step(t).choices());
        }
        UnfoldTrace<S> tr = new UnfoldTrace<>(this, newInit, out);
        return new Updated<>(tr, Indexed.orZero(weight, tr.score()), discard.build());
    }

    @SuppressWarnings("unchecked")
    private UnfoldTrace<S> own(Trace<S, List<S>> trace, String where) {
        if (trace instanceof UnfoldTrace<?> u && (Object) u.function().kernel() == kernel) {
            return (UnfoldTrace<S>) u;
        }
        throw new IllegalArgumentException(where + ": expected a trace of an unfold of '" + kernel.name() + "', got "
                + (trace == null ? "null" : trace.getClass().getSimpleName() + " of '" + trace.function().name() + "'"));
    }

    @Override
    public String toString() {
        return "Unfold(" + kernel.name() + ", " + steps + ")";
    }
}
