package dev.ppl.vi.engine;

import dev.ppl.autodiff.Provenance;
import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Generated;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicFunction;
import dev.ppl.core.plate.Frame;
import dev.ppl.core.plate.PlateStack;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.strategy.MultiShot;
import dev.ppl.vi.strategy.ParallelEnumerate;
import dev.ppl.vi.strategy.SingleShot;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One execution of an objective program under the gradient-estimation handler: replays a prefix
 * of values, then draws fresh single-shot choices, records costs, score terms and parallel
 * enumerations with their plates in program order, and stops at the first fresh multi-shot
 * choice ({@link ForkSignal}). Plates entered by the program and by the functions it simulates
 * share one {@link PlateStack}; every dim's meaning comes from it and from the {@link Layout}.
 * A <em>sampling</em> run draws every choice from its distribution and records nothing but the
 * plate nesting (used to find where enumeration dims go).
 */
final class Run implements ExpectationContext {
    private final Expectation<?> expectation;
    private final List<Recorded> prefix;
    private final Rng rng;
    private final Estimate estimate;
    private final Layout layout;
    private final PlateStack plates;
    private final boolean sampling;
    private final Set<Address> used = new HashSet<>();
    private final List<Recorded> recorded = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private int consumed;

    Run(Expectation<?> expectation, List<Recorded> prefix, Rng rng, Estimate estimate, Layout layout, PlateStack plates,
            boolean sampling) {
        this.expectation = expectation;
        this.prefix = prefix;
        this.rng = rng;
        this.estimate = estimate;
        this.layout = layout;
        this.plates = plates;
        this.sampling = sampling;
    }

    List<Event> events() {
        return events;
    }

    Layout layout() {
        return layout;
    }

    PlateStack plates() {
        return plates;
    }

    private Strategy resolve(Address a, Distribution<Var> dist) {
        Strategy s = Strategies.defaultFor(dist);
        Expectation.StrategyOverride match = null;
        for (Expectation.StrategyOverride o : expectation.overrides()) {
            if (o.selection().contains(a)) {
                match = o;
            }
        }
        if (match != null) {
            estimate.matched(match);
            s = match.strategy();
        }
        return s;
    }

    /** The value of the choice at {@code a}: replayed, drawn, forced (fork) or enumerated in parallel. */
    Var choice(Address a, Distribution<Var> annotated) {
        if (!used.add(a)) {
            throw new IllegalArgumentException("objective: address '" + a + "' sampled twice in one run");
        }
        estimate.visited(a);
        Strategy s = resolve(a, annotated);
        Distribution<Var> dist = plates.expand(Strategies.unwrap(annotated));
        if (!s.appliesTo(dist)) {
            throw new IllegalArgumentException("objective: strategy " + s.name() + " does not apply to the choice at '" + a
                    + "' (" + dist.name() + ", batch shape " + Shapes.str(dist.batchShape()) + ")");
        }
        plates.checkBatch("objective", a.toString(), dist.name(), dist.batchShape());
        if (consumed < prefix.size()) {
            Recorded r = prefix.get(consumed++);
            if (r.enumerationSize() > 0) {
                layout.addEnumeration(r.enumerationSize());
            }
            recorded.add(r);
            return r.value();
        }
        Rng key = rng.fold(consumed++);
        if (sampling) {
            return dist.sample(key);
        }
        List<Frame> frames = plates.frames();
        if (s instanceof ParallelEnumerate) {
            return enumerateInParallel(a, dist, frames);
        }
        List<Integer> joint = layout.jointBatchDims(a.toString(), dist.name(), dist.batchShape(), frames);
        JointChoiceShape shape = new JointChoiceShape(a, dist.name(), dist.batchShape(), dist.eventShape(), joint);
        if (s instanceof MultiShot m) {
            MultiShot.Fork fork = m.fork(dist, shape, key);
            Provenance tag = Provenance.fresh();
            List<Var> tagged = new ArrayList<>();
            for (Var v : fork.values()) {
                Provenance p = expectation.isRaoBlackwellized() ? tag.union(dist.logDensity(v).provenance()) : tag;
                tagged.add(v.withProvenance(p));
            }
            throw new ForkSignal(this, new TaggedFork(fork, tagged), a, Set.copyOf(frames), tag, new ArrayList<>(recorded));
        }
        SingleShot single = (SingleShot) s;
        Var v = single.draw(dist, key);
        if (single.hasTerm()) {
            Var lp = dist.logDensity(v);
            Provenance source = Provenance.NONE;
            if (expectation.isRaoBlackwellized()) {
                source = Provenance.fresh();
                v = v.withProvenance(source.union(lp.provenance()));
            }
            events.add(new Event.Term(single, shape.perElementOfBatch(lp), Set.copyOf(frames), a, source));
        }
        recorded.add(new Recorded(v, 0));
        return v;
    }

    /** A fork whose forced values carry the choice's tag. */
    private record TaggedFork(MultiShot.Fork fork, List<Var> values) implements MultiShot.Fork {
        @Override
        public Var combine(List<Var> continuations) {
            return fork.combine(continuations);
        }
    }

    private Var enumerateInParallel(Address a, Distribution<Var> dist, List<Frame> frames) {
        if (!layout.nestingKnown()) {
            throw new NestingUnknown();
        }
        if (plates.frames().size() > layout.nesting()) {
            throw new IllegalStateException("objective: plates nest " + plates.frames().size() + " deep at '" + a
                    + "', deeper than the " + layout.nesting() + " the enumeration dims were placed for; declare "
                    + "maxPlateNesting(" + (plates.frames().size() - layout.particleDims()) + ") on the objective");
        }
        layout.jointBatchDims(a.toString(), dist.name(), dist.batchShape(), frames);
        Var support = dist.support();
        long k = support.shape()[0];
        long[] batch = dist.batchShape();
        long[] event = dist.eventShape();
        Var first = support;
        for (int i = 0; i < batch.length; i++) {
            first = first.slice(1 + i, 0, 1);
        }
        if (batch.length > 0 && !first.value().broadcast(support.shape()).equalsWithEps(support.value(), 0.0)) {
            throw new IllegalArgumentException("objective: ENUM_PARALLEL at '" + a + "' (" + dist.name() + ", batch shape "
                    + Shapes.str(batch) + "): the support differs between batch elements; enumerate it with ENUM");
        }
        int j = layout.addEnumeration(k);
        int batchRank = -layout.enumPosition(j);
        long[] shape = new long[batchRank + event.length];
        Arrays.fill(shape, 1);
        shape[0] = k;
        System.arraycopy(event, 0, shape, batchRank, event.length);
        Var value = first.reshape(shape).stopGradient();
        Provenance tag = Provenance.fresh();
        Var lp = dist.logDensity(value);
        value = value.withProvenance(tag.union(expectation.isRaoBlackwellized() ? lp.provenance() : Provenance.NONE));
        events.add(new Event.Enumerated(lp, Set.copyOf(frames), layout.enumPosition(j), a, tag));
        recorded.add(new Recorded(value, k));
        return value;
    }

    /** Enters a plate for the program or a function it simulates (with that function's scale). */
    void enterPlate(String name, long size, double scale) {
        plates.enter(name, size, scale);
        estimate.nesting(plates.frames().size());
    }

    void exitPlate() {
        plates.exit();
    }

    @Override
    public <R> R plate(String name, long size, Supplier<R> body) {
        enterPlate(name, size, 1.0);
        try {
            return body.get();
        } finally {
            exitPlate();
        }
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

    /**
     * The log density of complete choices: an {@link dev.ppl.vi.EstimatedFunction}'s estimate, or,
     * for a dynamic function, the density computed inside the run (enumeration dims kept).
     */
    @Override
    public <A, R> Var density(String namespace, GenerativeFunction<A, R> fn, ChoiceMap choices, A args) {
        if (fn instanceof DynamicFunction<A, R> dyn) {
            return GuideHandler.assess(this, dyn, choices, args);
        }
        return ExpectationContext.super.density(namespace, fn, choices, args);
    }

    @Override
    public void addCost(Var cost) {
        if (sampling) {
            return;
        }
        List<Frame> frames = plates.frames();
        layout.checkCost("the cost", cost.shape(), frames);
        if (consumed >= prefix.size()) {
            events.add(new Event.Cost(Layout.expandToFrames(cost, frames), Set.copyOf(frames)));
        }
    }

    /** The program's return value as the tail of this segment. */
    Piece returnValue(Var value) {
        List<Frame> frames = plates.frames();
        layout.checkCost("the program's value", value.shape(), frames);
        return new Piece(Layout.expandToFrames(value, frames), Set.copyOf(frames));
    }

    @Override
    public <B> Var expect(String address, Expectation<B> inner, B args) {
        Address a = Address.parse(address);
        if (!used.add(a)) {
            throw new IllegalArgumentException("objective: address '" + a + "' used twice in one run");
        }
        if (consumed < prefix.size()) {
            Recorded r = prefix.get(consumed++);
            recorded.add(r);
            return r.value();
        }
        Rng key = rng.fold(consumed++).fold(a.hashCode());
        if (sampling) {
            SurrogateEngine.sample(inner, key, args, estimate, plates);
            return Var.constant(Nd4j.scalar(0.0));
        }
        Var v = SurrogateEngine.nested(inner, key, args, estimate, layout, plates);
        recorded.add(new Recorded(v, 0));
        return v;
    }
}
