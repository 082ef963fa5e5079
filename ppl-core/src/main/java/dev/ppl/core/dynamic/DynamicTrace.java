package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.core.Unvisited;
import dev.ppl.core.plate.Frame;
import dev.ppl.dist.Distribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace of a {@link DynamicFunction}: its visited sites in execution order, each either a
 * random choice (value and scalar log density) or a call (the callee's trace), and the score
 * \(\sum\) of the choices' log densities and the callees' scores.
 */
public final class DynamicTrace<A, R> implements Trace<A, R> {
    /**
     * The addresses of {@code constraints} that no site of {@code sites} visits: a constraint is
     * visited when a choice site has exactly its address or a call site's address is a strict
     * prefix of it. Handlers use it to reject constraints a function never reaches.
     */
    public static List<String> unvisited(ChoiceMap constraints, Map<Address, Site> sites) {
        return findUnvisited(constraints, sites).addresses().stream().map(Address::toString).toList();
    }

    /**
     * As {@link #unvisited(ChoiceMap, Map)}, with why (an address below a choice, a value at a
     * call's address) and, to suggest what a mistyped address was meant to be, the visited choice
     * addresses (a call's choices under its address). Costs one lookup per given address and
     * ancestor when everything was visited.
     */
    public static Unvisited findUnvisited(ChoiceMap given, Map<Address, Site> sites) {
        Unvisited.Builder found = null;
        for (Map.Entry<Address, Var> e : given) {
            Address c = e.getKey();
            Site exact = sites.get(c);
            if (exact != null && exact.isChoice()) {
                continue;
            }
            Address above = null;
            for (Address up : c.ancestors()) {
                if (sites.containsKey(up)) {
                    above = up;
                    break;
                }
            }
            if (above != null && !sites.get(above).isChoice()) {
                continue; // the callee at 'above' visits it or reports it
            }
            found = found != null ? found : Unvisited.builder();
            if (exact != null) {
                found.atCall(c);
            } else if (above != null) {
                found.belowChoice(c, above);
            } else {
                found.unknown(c);
            }
        }
        return found == null ? Unvisited.none() : found.visited(visitedChoices(sites)).build();
    }

    /** The full addresses of the choices of {@code sites}, a call's under its address. */
    private static List<Address> visitedChoices(Map<Address, Site> sites) {
        List<Address> out = new ArrayList<>();
        for (Map.Entry<Address, Site> e : sites.entrySet()) {
            if (e.getValue().isChoice()) {
                out.add(e.getKey());
            } else {
                e.getValue().sub().choices().prefixed(e.getKey()).forEach(c -> out.add(c.getKey()));
            }
        }
        return out;
    }

    /**
     * One visited site: a choice ({@code sub == null}, drawn from {@code distribution}) or a call
     * ({@code value == null}). {@code logDensity} is the site's total (a scalar,
     * {@link Distribution#logDensitySum}, times {@code scale}); {@code frames} are the plates the
     * site was made in, outermost first, and {@code scale} the product of their subsampling scales.
     * {@code plateWindow} is -1 for a site whose batch dims outside its plates are joint dims of
     * one value; a gradient estimator that enumerates in parallel records \(W \ge 0\): the batch
     * dims left of dim {@code -W} are enumeration dims, kept in {@code logDensity} and in
     * per-element scores.
     */
    public record Site(Var value, Var logDensity, Distribution<Var> distribution, Trace<?, ?> sub, List<Frame> frames,
            double scale, int plateWindow) {
        /** Copies the frames. */
        public Site {
            frames = List.copyOf(frames);
        }

        /** A site in {@code frames} with joint dims outside them (no enumeration). */
        public Site(Var value, Var logDensity, Distribution<Var> distribution, Trace<?, ?> sub, List<Frame> frames,
                double scale) {
            this(value, logDensity, distribution, sub, frames, scale, -1);
        }

        /** A site made outside every plate, with scale 1. */
        public Site(Var value, Var logDensity, Distribution<Var> distribution, Trace<?, ?> sub) {
            this(value, logDensity, distribution, sub, List.of(), 1.0, -1);
        }

        /** Whether this site is a random choice. */
        public boolean isChoice() {
            return sub == null;
        }

        /**
         * For a choice, the distribution's per-batch-element log densities (its batch shape) times
         * the site's scale, computed on request (differentiable; their sum is {@link #logDensity}
         * up to rounding).
         *
         * @throws IllegalStateException for a call site
         */
        public Var elementLogDensity() {
            if (!isChoice()) {
                throw new IllegalStateException("elementLogDensity: a call site has no per-element log densities");
            }
            Var lp = distribution.logDensity(value);
            return scale == 1.0 ? lp : lp.mul(scale);
        }
    }

    private final GenerativeFunction<A, R> function;
    private final A args;
    private final Map<Address, Site> sites;
    private final R retval;
    private final Var score;
    private ChoiceMap choices;

    /** A trace from its visited sites (in execution order), return value and score. */
    public DynamicTrace(GenerativeFunction<A, R> function, A args, Map<Address, Site> sites, R retval, Var score) {
        this.function = function;
        this.args = args;
        this.sites = Collections.unmodifiableMap(new LinkedHashMap<>(sites));
        this.retval = retval;
        this.score = score;
    }

    /**
     * {@code trace} as a trace of {@code f}, the function whose {@code op} (named {@code where} in
     * messages) was given it: a null trace, another kind of trace or a trace of another function is
     * an error (its choices would be replayed under the wrong densities).
     */
    @SuppressWarnings("unchecked")
    static <A, R> DynamicTrace<A, R> of(Trace<A, R> trace, GenerativeFunction<A, R> f, String where) {
        if (trace == null) {
            throw new IllegalArgumentException(where + ": the trace is null; pass a trace of '" + f.name() + "'");
        }
        if (!(trace instanceof DynamicTrace)) {
            throw new IllegalArgumentException(where + ": expected a trace of a dynamic function, got "
                    + trace.getClass().getSimpleName() + " of '" + trace.function().name() + "'");
        }
        if (trace.function() != f) {
            throw new IllegalArgumentException(where + ": the trace is of '" + trace.function().name() + "', not of '"
                    + f.name() + "'; pass a trace this function made (its choices would be scored under the wrong densities)");
        }
        return (DynamicTrace<A, R>) trace;
    }

    /** The visited sites in execution order. */
    public Map<Address, Site> sites() {
        return sites;
    }

    @Override public GenerativeFunction<A, R> function() { return function; }
    @Override public A args() { return args; }
    @Override public R retval() { return retval; }
    @Override public Var score() { return score; }

    @Override
    public synchronized ChoiceMap choices() {
        if (choices == null) {
            ChoiceMap.Builder b = ChoiceMap.builder();
            ChoiceMap nested = ChoiceMap.empty();
            for (Map.Entry<Address, Site> e : sites.entrySet()) {
                if (e.getValue().isChoice()) {
                    b.put(e.getKey(), e.getValue().value());
                } else {
                    nested = nested.merge(e.getValue().sub().choices().prefixed(e.getKey()));
                }
            }
            choices = b.build().merge(nested);
        }
        return choices;
    }

    @Override
    public String toString() {
        return "DynamicTrace(" + function.name() + ", score " + score.item() + ", " + choices() + ")";
    }
}
