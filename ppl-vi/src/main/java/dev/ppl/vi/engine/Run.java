package dev.ppl.vi.engine;

import dev.ppl.autodiff.Provenance;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Trace;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One execution of an objective program under the gradient-estimation handler: replays a prefix
 * of choice values, then draws fresh single-shot choices, records costs and score terms in
 * program order, stops at the first fresh multi-shot choice ({@link ForkSignal}), and places
 * parallel-enumerated choices on new leading axes.
 */
final class Run implements ExpectationContext {
    private final List<Expectation.StrategyOverride> overrides;
    private final List<Var> prefix;
    private final Rng rng;
    private final Set<Strategy> strategiesUsed;
    private final boolean trackDependencies;
    private final Set<Address> used = new HashSet<>();
    private final List<Var> recorded = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();
    private int consumed;
    private Address forkAddress;
    private int enumAxes;
    private int plateRank = -1;
    private Var enumLogWeight;

    /**
     * A score term waiting for the continuation's value; with dependency tracking, {@code source}
     * is the choice's own tag and {@code logDensity} its precomputed log density.
     */
    private record Term(Strategy strategy, Distribution<Var> dist, Var value, Address address, Provenance source,
            Var logDensity) {
        Var logDensityOfValue() {
            return logDensity != null ? logDensity : dist.logDensity(value);
        }
    }

    /** A cost recorded after the prefix. */
    private record Cost(Var value) {}

    Run(List<Expectation.StrategyOverride> overrides, List<Var> prefix, Rng rng, Set<Strategy> strategiesUsed,
            boolean trackDependencies) {
        this.overrides = overrides;
        this.prefix = prefix;
        this.rng = rng;
        this.strategiesUsed = strategiesUsed;
        this.trackDependencies = trackDependencies;
    }

    Address forkAddress() {
        return forkAddress;
    }

    private Strategy resolve(Address a, Distribution<Var> dist) {
        Strategy s = Strategies.defaultFor(dist);
        for (Expectation.StrategyOverride o : overrides) {
            if (o.selection().contains(a)) {
                s = o.strategy();
            }
        }
        return s;
    }

    /** The value of the choice at {@code a}: replayed, drawn, forced (fork) or enumerated in parallel. */
    Var choice(Address a, Distribution<Var> annotated) {
        if (!used.add(a)) {
            throw new IllegalArgumentException("objective: address '" + a + "' sampled twice in one run");
        }
        Strategy s = resolve(a, annotated);
        Distribution<Var> dist = Strategies.unwrap(annotated);
        if (!s.appliesTo(dist)) {
            throw new IllegalArgumentException("objective: strategy " + s.name() + " does not apply to the choice at '" + a
                    + "' (" + dist.name() + ", batch shape " + Shapes.str(dist.batchShape()) + ")");
        }
        if (consumed < prefix.size()) {
            Var v = prefix.get(consumed++);
            recorded.add(v);
            return v;
        }
        Rng key = rng.fold(consumed++);
        if (s.isMultiShot()) {
            forkAddress = a;
            Strategy.Fork fork = s.fork(dist, key);
            throw new ForkSignal(this, trackDependencies ? DependencyTags.tagForkValues(fork, dist) : fork,
                    new ArrayList<>(recorded));
        }
        if (s == Strategies.ENUM_PARALLEL) {
            Var v = enumerateInParallel(dist);
            recorded.add(v);
            return v;
        }
        Var v = s.draw(dist, key);
        Provenance source = Provenance.NONE;
        Var lp = null;
        if (trackDependencies) {
            lp = dist.logDensity(v);
            source = s.hasTerm() ? Provenance.fresh() : Provenance.NONE;
            v = v.withProvenance(source.union(lp.provenance()));
        }
        recorded.add(v);
        if (s.hasTerm()) {
            events.add(new Term(s, dist, v, a, source, lp));
        }
        return v;
    }

    private Var enumerateInParallel(Distribution<Var> dist) {
        long[] batch = dist.batchShape();
        if (plateRank < 0) {
            plateRank = batch.length;
        }
        Var support = dist.support();
        long k = support.shape()[0];
        int pad = enumAxes + plateRank - batch.length;
        if (pad < 0) {
            throw new IllegalArgumentException("ENUM_PARALLEL: a distribution of batch shape " + Shapes.str(batch)
                    + " has more axes than the " + enumAxes + " enumeration axes and " + plateRank + " plate axes so far");
        }
        long[] shape = new long[1 + pad + batch.length + dist.eventShape().length];
        Arrays.fill(shape, 1);
        shape[0] = k;
        long[] rest = Arrays.copyOfRange(support.shape(), 1, support.rank());
        System.arraycopy(rest, 0, shape, 1 + pad, rest.length);
        Var value = support.reshape(shape);
        enumAxes++;
        Var lp = dist.logDensity(value);
        if (trackDependencies) {
            value = value.withProvenance(lp.provenance());
        }
        enumLogWeight = enumLogWeight == null ? lp : enumLogWeight.add(lp);
        return value;
    }

    @Override
    public Var sample(String address, Distribution<Var> dist) {
        return choice(Address.parse(address), dist);
    }

    @Override
    public <A, R> Trace<A, R> simulate(GenerativeFunction<A, R> fn, A args) {
        return GuideHandler.simulate(this, null, fn, args);
    }

    @Override
    public <A, R> Trace<A, R> simulate(String namespace, GenerativeFunction<A, R> fn, A args) {
        return GuideHandler.simulate(this, Address.parse(namespace), fn, args);
    }

    @Override
    public <A, R> Generated<A, R> generate(String namespace, GenerativeFunction<A, R> fn, ChoiceMap constraints, A args) {
        return GuideHandler.generate(this, namespace == null ? null : Address.parse(namespace), fn, constraints, args);
    }

    @Override
    public void addCost(Var cost) {
        if (consumed >= prefix.size()) {
            events.add(new Cost(cost));
        }
    }

    @Override
    public <B> Var expect(String address, Expectation<B> inner, B args) {
        Address a = Address.parse(address);
        if (!used.add(a)) {
            throw new IllegalArgumentException("objective: address '" + a + "' used twice in one run");
        }
        if (consumed < prefix.size()) {
            Var v = prefix.get(consumed++);
            recorded.add(v);
            return v;
        }
        Var v = SurrogateEngine.surrogate(inner, rng.fold(consumed++).fold(a.hashCode()), args, strategiesUsed);
        recorded.add(v);
        return v;
    }

    /**
     * The segment's surrogate for continuation value {@code tail}: costs after the prefix, the
     * tail, and each fresh score term times the value after it; summed over parallel
     * enumeration axes with the enumerated probabilities.
     */
    Var surrogate(Var tail) {
        Var after = tail;
        Var afterTotal = tail;
        Var total = tail;
        List<Var> costsAfter = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            Object ev = events.get(i);
            if (ev instanceof Cost c) {
                after = after.add(c.value().cast(after.dtype()));
                afterTotal = accumulate(afterTotal, c.value());
                total = accumulate(total, c.value());
                costsAfter.add(c.value());
            } else {
                Term t = (Term) ev;
                Var continuation = trackDependencies ? DependencyTags.dependentPart(t.source(), tail, costsAfter, Var::add) : after;
                if (continuation == null) {
                    continue; // nothing after the choice depends on it: its score term has mean zero
                }
                Var lp = toShape(t.logDensityOfValue(), continuation);
                if (lp.rank() == 0 && continuation.rank() > 0) {
                    // a choice without per-element structure multiplies the whole continuation, each
                    // global cost and the return value once (not once per data point)
                    Var whole = trackDependencies ? DependencyTags.dependentPart(t.source(), tail, costsAfter, this::accumulate)
                            : afterTotal;
                    continuation = sumPlateAxes(whole);
                }
                total = accumulate(total, t.strategy().term(lp, continuation));
                strategiesUsed.add(t.strategy());
            }
        }
        if (enumLogWeight != null) {
            Var w = enumLogWeight.exp();
            Var weighted = w.mul(total.cast(w.dtype()));
            int[] axes = new int[enumAxes];
            for (int i = 0; i < enumAxes; i++) {
                axes[i] = i;
            }
            total = weighted.sum(false, axes);
        }
        return total;
    }

    /**
     * {@code total + x} such that the sum over the plate (data-point) axes is the sum of both
     * sums: an operand that broadcasts along plate axes is divided by its replication, so a scalar
     * cost added to a per-data-point value counts once, not once per data point. Replication along
     * parallel-enumeration axes is kept: those are averaged with the enumeration weights.
     */
    Var accumulate(Var total, Var x) {
        Var xs = x.cast(total.dtype());
        long[] shape = Shapes.broadcast("objective value", total.shape(), xs.shape());
        long all = plateCount(shape);
        long nt = plateCount(total.shape()), nx = plateCount(xs.shape());
        Var a = nt == all ? total : total.mul((double) nt / all);
        Var b = nx == all ? xs : xs.mul((double) nx / all);
        return a.add(b);
    }

    /** The number of elements along the plate axes of {@code shape} (all axes without parallel enumeration). */
    private long plateCount(long[] shape) {
        int plateAxes = enumAxes == 0 ? shape.length : Math.min(shape.length, plateRank);
        long n = 1;
        for (int d = shape.length - plateAxes; d < shape.length; d++) {
            n *= shape[d];
        }
        return n;
    }

    /** {@code v} summed over its plate axes (keeping parallel-enumeration axes). */
    private Var sumPlateAxes(Var v) {
        int plateAxes = enumAxes == 0 ? v.rank() : Math.min(v.rank(), plateRank);
        if (plateAxes == 0) {
            return v;
        }
        int[] axes = new int[plateAxes];
        for (int i = 0; i < plateAxes; i++) {
            axes[i] = v.rank() - plateAxes + i;
        }
        return v.sum(false, axes);
    }

    /** {@code lp} summed over its trailing axes beyond {@code target}'s rank (all of them for a scalar). */
    static Var toShape(Var lp, Var target) {
        if (target.rank() == 0) {
            return lp.sum();
        }
        if (lp.rank() <= target.rank()) {
            return lp;
        }
        int[] axes = new int[lp.rank() - target.rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = target.rank() + i;
        }
        return lp.sum(false, axes);
    }

    /** As {@link #toShape} but for multi-shot choices, whose elements must match the cost's. */
    static Var toShapeStrict(Var lp, Var target, Address a) {
        if (target.rank() == 0 && lp.length() == 1) {
            return lp.sum();
        }
        if (lp.rank() > target.rank()) {
            throw new IllegalArgumentException("objective: the multi-shot choice at '" + a + "' has per-element shape "
                    + Shapes.str(lp.shape()) + " but the objective's value has shape " + Shapes.str(target.shape())
                    + "; enumerate or couple a choice with one element per value element (e.g. return one value per "
                    + "data point), or use ENUM_PARALLEL");
        }
        return lp;
    }
}
