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
 * The map combinator: a kernel \(k\) applied independently to each element of an argument list
 * \(x = [x_0, \dots, x_{n-1}]\), returning \([r_0, \dots, r_{n-1}]\). The {@code i}-th application's
 * choices \(\tau_i\) live under the address {@code i/...} (e.g. {@code 3/z}), and
 * \[ p(\tau; x) = \prod_{i&lt;n} p_k(\tau_i; x_i), \qquad \text{score} = \sum_{i&lt;n} \log p_k(\tau_i; x_i). \]
 * Each operation runs the kernel's own operation on element {@code i} with the choices (or the
 * selection) below {@code i/} and the key {@code rng.fold(i)}, so element {@code i}'s randomness
 * depends only on the key and {@code i}, and the weights are sums over the elements:
 * <ul>
 *   <li>{@code simulate}: \(\tau_i \sim p_k(\cdot; x_i)\) independently.</li>
 *   <li>{@code assess}: \(\log p(\tau; x) = \sum_i \log p_k(\tau_i; x_i)\); missing choices of
 *       all elements are listed together (as {@code i/...}).</li>
 *   <li>{@code generate}: \(w = \sum_i w_i\), \(w_i\) the kernel's generate weight of element
 *       {@code i}, i.e. \(\log p(\tau; x) - \log p(\tau_{\text{free}}; x)\) given the constraints.</li>
 *   <li>{@code update} to \(x'\) of length \(n'\): elements \(i &lt; \min(n, n')\) are updated
 *       (weight \(w_i\) of the kernel's update), new elements \(n \le i &lt; n'\) are generated
 *       (weight: the log density of their constrained choices), removed elements
 *       \(n' \le i &lt; n\) contribute \(-\log p_k(\tau_i; x_i)\) and go to the discard. In total
 *       \(w = \log p(\tau'; x') - \log p(\tau; x) - \log p(\tau'_{\text{fresh}}; x')\).</li>
 *   <li>{@code regenerate} to \(x'\): elements \(i &lt; \min(n, n')\) are regenerated (weight \(w_i\),
 *       the kernel's \(\sum_{\text{kept}} [\log p' - \log p]\)); new elements are simulated and
 *       removed ones discarded, contributing 0 (their proposal ratio cancels their density under
 *       the prior proposal).</li>
 * </ul>
 * Constraints or choices at addresses the map never visits (a head that is not an index in
 * \([0, n)\), or a value at {@code i} itself) are an {@link IllegalArgumentException} listing all
 * of them. Errors raised by the kernel name the element's index. {@code update} and
 * {@code regenerate} accept the trace of any map of the same kernel.
 *
 * @param <A> the kernel's argument type
 * @param <R> the kernel's return type
 */
public final class MapCombinator<A, R> implements GenerativeFunction<List<A>, List<R>> {
    private final GenerativeFunction<A, R> kernel;
    private final String name;

    private MapCombinator(GenerativeFunction<A, R> kernel) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.name = "map(" + kernel.name() + ")";
    }

    /** The map of {@code kernel} over argument lists. */
    public static <A, R> MapCombinator<A, R> of(GenerativeFunction<A, R> kernel) {
        return new MapCombinator<>(kernel);
    }

    /** The function applied to each element. */
    public GenerativeFunction<A, R> kernel() {
        return kernel;
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
    public MapTrace<A, R> simulate(Rng rng, List<A> args) {
        List<Trace<A, R>> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            int e = i;
            out.add(Indexed.call(name + ".simulate", i, () -> kernel.simulate(rng.fold(e), args.get(e))));
        }
        return new MapTrace<>(this, args, out);
    }

    @Override
    public Assessment<List<R>> assess(ChoiceMap choices, List<A> args) {
        if (choices == null) {
            throw new IllegalArgumentException(name + ".assess: the choices are null; use ChoiceMap.empty() for none");
        }
        List<Address> missing = new ArrayList<>();
        Unvisited unvisited = Indexed.findUnvisited(choices, args.size());
        List<R> retval = new ArrayList<>(args.size());
        Var logDensity = null;
        for (int i = 0; i < args.size(); i++) {
            int e = i;
            try {
                Assessment<R> a = Indexed.call(name + ".assess", i,
                        () -> kernel.assess(Indexed.below(choices, e), args.get(e)));
                logDensity = Indexed.plus(logDensity, a.logDensity());
                retval.add(a.retval());
            } catch (MissingChoicesException m) {
                Indexed.addMissing(missing, i, m);
                unvisited = unvisited.plus(m.unvisited().prefixed(Indexed.at(i)));
            } catch (UnvisitedChoicesException u) { // already under i/...
                unvisited = unvisited.plus(u.unvisited());
            }
        }
        Indexed.checkAssessed(name, args.size(), missing, unvisited);
        return new Assessment<>(Indexed.orZero(logDensity, null), retval);
    }

    @Override
    public Generated<List<A>, List<R>> generate(Rng rng, ChoiceMap constraints, List<A> args) {
        Indexed.checkVisited(name, name + ".generate", constraints, args.size());
        List<Trace<A, R>> out = new ArrayList<>(args.size());
        Var weight = null;
        for (int i = 0; i < args.size(); i++) {
            int e = i;
            Generated<A, R> g = Indexed.call(name + ".generate", i,
                    () -> kernel.generate(rng.fold(e), Indexed.below(constraints, e), args.get(e)));
            weight = Indexed.plus(weight, g.weight());
            out.add(g.trace());
        }
        MapTrace<A, R> t = new MapTrace<>(this, args, out);
        return new Generated<>(t, Indexed.orZero(weight, t.score()));
    }

    @Override
    public Updated<List<A>, List<R>> update(Rng rng, Trace<List<A>, List<R>> trace, ChoiceMap constraints,
            List<A> newArgs) {
        MapTrace<A, R> old = own(trace, name + ".update");
        Indexed.checkVisited(name, name + ".update", constraints, newArgs.size());
        List<Trace<A, R>> out = new ArrayList<>(newArgs.size());
        ChoiceMap.Builder discard = ChoiceMap.builder();
        Var weight = null;
        for (int i = 0; i < newArgs.size(); i++) {
            int e = i;
            ChoiceMap sub = Indexed.below(constraints, i);
            if (i < old.size()) {
                Updated<A, R> u = Indexed.call(name + ".update", i,
                        () -> kernel.update(rng.fold(e), old.element(e), sub, newArgs.get(e)));
                weight = Indexed.plus(weight, u.weight());
                Indexed.putAll(discard, i, u.discard());
                out.add(u.trace());
            } else {
                Generated<A, R> g = Indexed.call(name + ".update", i,
                        () -> kernel.generate(rng.fold(e), sub, newArgs.get(e)));
                weight = Indexed.plus(weight, g.weight());
                out.add(g.trace());
            }
        }
        for (int i = newArgs.size(); i < old.size(); i++) { // removed: their density leaves p(tau')
            weight = Indexed.plus(weight, old.element(i).score().neg());
            Indexed.putAll(discard, i, old.element(i).choices());
        }
        MapTrace<A, R> t = new MapTrace<>(this, newArgs, out);
        return new Updated<>(t, Indexed.orZero(weight, t.score()), discard.build());
    }

    @Override
    public Updated<List<A>, List<R>> regenerate(Rng rng, Trace<List<A>, List<R>> trace, Selection selection,
            List<A> newArgs) {
        if (selection == null) {
            throw new IllegalArgumentException(name + ".regenerate: the selection is null; use Selection.none() for none");
        }
        MapTrace<A, R> old = own(trace, name + ".regenerate");
        List<Trace<A, R>> out = new ArrayList<>(newArgs.size());
        ChoiceMap.Builder discard = ChoiceMap.builder();
        Var weight = null;
        for (int i = 0; i < newArgs.size(); i++) {
            int e = i;
            if (i < old.size()) {
                Updated<A, R> u = Indexed.call(name + ".regenerate", i, () -> kernel.regenerate(rng.fold(e), old.element(e),
                        Indexed.below(selection, e), newArgs.get(e)));
                weight = Indexed.plus(weight, u.weight());
                Indexed.putAll(discard, i, u.discard());
                out.add(u.trace());
            } else { // new: sampled from the prior, weight 0
                out.add(Indexed.call(name + ".regenerate", i, () -> kernel.simulate(rng.fold(e), newArgs.get(e))));
            }
        }
        for (int i = newArgs.size(); i < old.size(); i++) { // removed: weight 0
            Indexed.putAll(discard, i, old.element(i).choices());
        }
        MapTrace<A, R> t = new MapTrace<>(this, newArgs, out);
        return new Updated<>(t, Indexed.orZero(weight, t.score()), discard.build());
    }

    @SuppressWarnings("unchecked")
    private MapTrace<A, R> own(Trace<List<A>, List<R>> trace, String where) {
        if (trace instanceof MapTrace<?, ?> m && m.function().kernel() == kernel) {
            return (MapTrace<A, R>) m;
        }
        throw new IllegalArgumentException(where + ": expected a trace of a map of '" + kernel.name() + "', got "
                + (trace == null ? "null" : trace.getClass().getSimpleName() + " of '" + trace.function().name() + "'"));
    }

    @Override
    public String toString() {
        return "MapCombinator(" + kernel.name() + ")";
    }
}
