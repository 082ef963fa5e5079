package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenContext;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.Trace;
import dev.ppl.core.Unvisited;
import dev.ppl.core.UnvisitedChoicesException;
import dev.ppl.core.plate.PlateStack;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The part every trace-building handler shares: parsing addresses, rejecting an address used
 * twice, scoring each choice (\(\log p\) summed over the site's elements,
 * {@link Distribution#logDensitySum}) and recording sites and
 * the running score. Subclasses decide only a choice's value ({@link #choose}) and how a call is
 * run ({@link #callSite}).
 *
 * <p>Errors name the function and operation ({@code model.generate}), the address, and the
 * shapes or value at fault. A callee's error is re-raised naming the call's address: its
 * unvisited constraints under their full addresses ({@link UnvisitedChoicesException#within}),
 * anything else prefixed with the call.
 */
abstract class TraceRecorder implements GenContext {
    protected final String fn;
    protected final String op;
    private final String where;
    protected final Rng rng;
    private final Map<Address, DynamicTrace.Site> sites = new LinkedHashMap<>();
    private final PlateStack plates = new PlateStack();
    private Var score;
    private Var weight;

    TraceRecorder(String fn, String op, Rng rng) {
        this.fn = fn;
        this.op = op;
        this.where = fn + "." + op;
        this.rng = rng;
    }

    /** The function and operation, for messages: {@code "model.generate"}. */
    protected String where() {
        return where;
    }

    /** The value of the choice at {@code address}; {@code logDensity} is filled in afterwards by {@link #scored}. */
    protected abstract Var choose(Address address, Distribution<Var> dist);

    /** Hook after a choice was scored. */
    protected void scored(Address address, Var value, Var logDensity) {}

    /** Runs a call; returns the callee's trace. */
    protected abstract <A, R> Trace<A, R> callSite(Address address, GenerativeFunction<A, R> callee, A args);

    @Override
    public final Var sample(String address, Distribution<Var> given) {
        Address a = claim(address);
        if (given == null) {
            throw new IllegalArgumentException(where() + ": the distribution of the choice at '" + a + "' is null");
        }
        Distribution<Var> dist = plates.expand(given);
        Var value = choose(a, dist);
        checkShape(a, dist, value);
        plates.checkValue(where(), a.toString(), dist.name(), dist.batchShape(), dist.eventShape(), value.shape());
        double scale = plates.scale();
        Var lp;
        try {
            lp = dist.logDensitySum(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where() + ": the choice at '" + a + "': " + e.getMessage(), e);
        }
        if (scale != 1.0) {
            lp = lp.mul(scale);
        }
        scored(a, value, lp);
        sites.put(a, new DynamicTrace.Site(value, lp, dist, null, plates.frames(), scale));
        score = score == null ? lp : score.add(lp.cast(score.dtype()));
        return value;
    }

    @Override
    public final <A, R> R call(String address, GenerativeFunction<A, R> callee, A args) {
        Address a = claim(address);
        if (callee == null) {
            throw new IllegalArgumentException(where() + ": the function called at '" + a + "' is null");
        }
        if (plates.scale() != 1.0) {
            throw new IllegalArgumentException(where() + ": call at '" + a + "' inside plates " + plates.frames()
                    + " with subsampling scale " + plates.scale() + "; the callee's choices would not be scaled: "
                    + "enter the plate inside the callee");
        }
        Trace<A, R> t;
        try {
            t = callSite(a, callee, args);
        } catch (UnvisitedChoicesException e) {
            throw e.within(where(), a);
        } catch (MissingChoicesException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where() + ": in the call to '" + callee.name() + "' at '" + a
                    + "' (its choices under '" + a + "/...'): " + e.getMessage(), e);
        }
        sites.put(a, new DynamicTrace.Site(null, t.score(), null, t, plates.frames(), 1.0));
        score = score == null ? t.score() : score.add(t.score().cast(score.dtype()));
        return t.retval();
    }

    @Override
    public final <R> R plate(String name, long size, double scale, Supplier<R> body) {
        plates.enter(name, size, scale);
        try {
            return body.get();
        } finally {
            plates.exit();
        }
    }

    /**
     * A given value (a constraint, an assessed or kept choice) must have the site's shape
     * {@code batch ++ event}; where the distribution lacks an active plate's dim or has size 1
     * there (the same distribution for every element), the value may have the plate's size there.
     */
    private void checkShape(Address a, Distribution<Var> dist, Var value) {
        long[] batch = dist.batchShape(), event = dist.eventShape();
        long[] expected = new long[batch.length + event.length];
        System.arraycopy(batch, 0, expected, 0, batch.length);
        System.arraycopy(event, 0, expected, batch.length, event.length);
        long[] got = value.shape();
        if (Arrays.equals(got, expected)) {
            return;
        }
        int rank = batch.length;
        for (dev.ppl.core.plate.Frame f : plates.frames()) {
            rank = Math.max(rank, -f.dim());
        }
        long[] target = new long[rank + event.length];
        Arrays.fill(target, 1);
        System.arraycopy(batch, 0, target, rank - batch.length, batch.length);
        System.arraycopy(event, 0, target, rank, event.length);
        for (dev.ppl.core.plate.Frame f : plates.frames()) {
            if (target[rank + f.dim()] == 1) {
                target[rank + f.dim()] = f.size();
            }
        }
        boolean ok = Arrays.equals(got, target);
        if (!ok) {
            throw new IllegalArgumentException(where() + ": the value at '" + a + "' has shape " + Shapes.str(got)
                    + ", but the choice (" + dist.name() + ", batch shape " + Shapes.str(batch) + ", event shape "
                    + Shapes.str(event) + ") has shape " + Shapes.str(expected)
                    + "; give a value of the choice's shape");
        }
    }

    /**
     * Parses {@code address} and checks that no earlier site of this run used it, or an address
     * above or below it (a choice is a leaf; a call owns everything under its address).
     */
    private Address claim(String address) {
        Address a;
        try {
            a = Address.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
        }
        for (Address used : sites.keySet()) {
            if (used.equals(a)) {
                throw new IllegalArgumentException(where() + ": address '" + a + "' visited twice in one run; "
                        + "give every choice and call its own address (e.g. 'x/' + i in a loop)");
            }
            if (used.isPrefixOf(a) || a.isPrefixOf(used)) {
                throw new IllegalArgumentException(where() + ": address '" + a + "' overlaps '" + used
                        + "', visited before (one lies below the other); give every choice and call its own address");
            }
        }
        return a;
    }

    /** The key for the randomness at {@code address}. */
    protected Rng rngAt(Address address) {
        return rng.fold(address.toString().hashCode() * 0x9E3779B97F4A7C15L + address.parts().size());
    }

    /** The sites recorded so far. */
    protected Map<Address, DynamicTrace.Site> sites() {
        return sites;
    }

    /** The total log density so far (0 in float64 if nothing was sampled). */
    protected Var score() {
        return score != null ? score : Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(0.0));
    }

    /** Adds {@code w} to the operation's log weight. */
    protected void addWeight(Var w) {
        weight = weight == null ? w : weight.add(w.cast(weight.dtype()));
    }

    /** The accumulated log weight (0 if nothing was added). */
    Var weight() {
        return weight != null ? weight : Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(score().dtype(), 0.0));
    }

    /**
     * Moves the choices of {@code old}'s sites that this execution did not visit into
     * {@code discard}; returns the sum of those sites' log densities (0 if none).
     */
    protected Var discardUnvisited(DynamicTrace<?, ?> old, ChoiceMap.Builder discard) {
        Var removed = null;
        for (Map.Entry<Address, DynamicTrace.Site> e : old.sites().entrySet()) {
            if (!sites.containsKey(e.getKey())) {
                DynamicTrace.Site s = e.getValue();
                removed = removed == null ? s.logDensity() : removed.add(s.logDensity().cast(removed.dtype()));
                discardSite(e.getKey(), s, discard);
            }
        }
        return removed != null ? removed : Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(score().dtype(), 0.0));
    }

    /** Moves the choices of one old site into {@code discard}. */
    protected static void discardSite(Address address, DynamicTrace.Site s, ChoiceMap.Builder discard) {
        if (s.isChoice()) {
            discard.put(address, s.value());
        } else {
            for (Map.Entry<Address, Var> c : s.sub().choices().prefixed(address)) {
                discard.put(c.getKey(), c.getValue());
            }
        }
    }

    <A, R> DynamicTrace<A, R> trace(GenerativeFunction<A, R> f, A args, R retval) {
        return new DynamicTrace<>(f, args, sites, retval, score());
    }

    /**
     * Throws {@link UnvisitedChoicesException} if {@code constraints} hold an address no site
     * visited, listing all of them (a callee reports those below its call itself).
     */
    void checkAllVisited(ChoiceMap constraints) {
        Unvisited u = DynamicTrace.findUnvisited(constraints, sites);
        if (!u.isEmpty()) {
            throw new UnvisitedChoicesException(where(), "constraints", u, null);
        }
    }
}
