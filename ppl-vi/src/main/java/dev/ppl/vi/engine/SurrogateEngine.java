package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.core.plate.Frame;
import dev.ppl.core.plate.PlateStack;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Builds the surrogate of an {@link Expectation} by composing the strategies of its choices.
 *
 * <ol>
 *   <li>Run the program with a replayed prefix of values (initially empty), fresh randomness
 *       after it; single-shot choices are drawn, parallel-enumerated ones take every value along
 *       a new dim, and costs, terms and enumerations are recorded with their plates
 *       ({@link Run}).</li>
 *   <li>If the run ends, the tail is its return value (a cost outside every plate).</li>
 *   <li>If the run meets a fresh multi-shot choice, it stops there; the continuation is run once
 *       per forced value with the prefix extended by every value so far and the forced one
 *       (recursively, step 1), and the rule combines the continuations, plate group by plate
 *       group, into the tail ({@link ForkCombination}).</li>
 *   <li>The segment's surrogate is built back from the tail over its recorded events
 *       ({@link SegmentSurrogate}): pieces of the surrogate by plates.</li>
 *   <li>The estimate is the sum of every piece over all its dims, averaged over particles.</li>
 * </ol>
 * Replayed values are the recorded {@code Var}s themselves, so reparameterized values keep their
 * gradient paths in every continuation. Where the program enumerates in parallel, the deepest
 * plate nesting must be known before the first enumerated choice: declared on the objective, or
 * found once by a sampling run of the program and remembered for the objective.
 */
public final class SurrogateEngine {
    private static final Map<Expectation<?>, Integer> NESTING = Collections.synchronizedMap(new WeakHashMap<>());

    private SurrogateEngine() {}

    private static int knownNesting(Expectation<?> e) {
        if (e.declaredPlateNesting() >= 0) {
            return e.declaredPlateNesting();
        }
        Integer n = NESTING.get(e);
        return n == null ? -1 : n;
    }

    /**
     * The surrogate of {@code e} at {@code args}, averaged over its particles and summed over all
     * dims. Once it is built, every rule that formed a score term in it (nested expectations
     * included) is told so by {@link dev.ppl.vi.strategy.SingleShot#completeEstimate()}, so
     * stateful rules update only between estimates.
     *
     * @throws IllegalArgumentException if a strategy override of the objective matched no choice
     */
    public static <A> Var surrogate(Expectation<A> e, Rng rng, A args) {
        return surrogate(e, rng, args, 0);
    }

    /** As {@link #surrogate(Expectation, Rng, Object)}; {@code enumShift} is 0 except in the planted-bug test. */
    static <A> Var surrogate(Expectation<A> e, Rng rng, A args, int enumShift) {
        while (true) {
            int nesting = knownNesting(e);
            if (nesting < 0 && vectorized(e)) {
                discover(e, rng, args);
                continue;
            }
            Estimate estimate = new Estimate();
            try {
                Var total = null;
                for (Piece p : particles(e, rng, args, estimate, new Layout(nesting, 0, List.of(), enumShift), new PlateStack())) {
                    Var s = p.value().sum();
                    total = total == null ? s : total.add(s.cast(total.dtype()));
                }
                if (total == null) {
                    total = Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(0.0));
                }
                estimate.requireEveryOverrideMatched();
                estimate.complete();
                return total;
            } catch (NestingUnknown unknown) {
                discover(e, rng, args);
            }
        }
    }

    /** Finds the deepest plate nesting of {@code e}'s program with one sampling run and remembers it. */
    private static <A> void discover(Expectation<A> e, Rng rng, A args) {
        Estimate discovery = new Estimate();
        sample(e, rng.fold(0x5eedL), args, discovery, new PlateStack());
        NESTING.put(e, discovery.deepestNesting());
    }

    private static boolean vectorized(Expectation<?> e) {
        return e.particleCount() > 1 && e.hasVectorizedParticles();
    }

    /**
     * The surrogate of a nested expectation run inside an outer run: made in the outer run's
     * active plates, with the outer layout's enumeration dims; reduced to those plates.
     */
    static <B> Var nested(Expectation<B> inner, Rng rng, B args, Estimate estimate, Layout outer, PlateStack plates) {
        List<Frame> base = plates.frames();
        Var total = null;
        for (Piece p : particles(inner, rng, args, estimate, outer.copy(), plates)) {
            Var r = Layout.reduceTo(p.value(), p.frames(), base);
            total = total == null ? r : total.add(r.cast(total.dtype()));
        }
        return total != null ? total : Var.constant(org.nd4j.linalg.factory.Nd4j.scalar(0.0));
    }

    /** A sampling run of {@code e} (every choice drawn, nothing recorded) in {@code plates}, noting the plate nesting. */
    static <A> void sample(Expectation<A> e, Rng rng, A args, Estimate estimate, PlateStack plates) {
        Run run = new Run(e, List.of(), rng, estimate, new Layout(-1, 0, List.of()), plates, true);
        estimate.nesting(plates.frames().size());
        e.program().apply(run, args);
    }

    /** The name of the particle plate of {@link Expectation#particles}. */
    static final String PARTICLES = "particles";

    /**
     * The pieces of {@code e}'s surrogate, divided by the particle count: one run inside a
     * particle plate on the dim left of the program's own plates (rule 5) for a top-level
     * objective with vectorized particles, else one run per particle.
     */
    private static <A> List<Piece> particles(Expectation<A> e, Rng rng, A args, Estimate estimate, Layout layout,
            PlateStack plates) {
        estimate.ran(e);
        int n = e.particleCount();
        if (n == 1) {
            return segment(e, List.of(), rng, args, estimate, layout, plates);
        }
        List<Piece> all = new ArrayList<>();
        if (vectorized(e) && plates.isEmpty() && layout.particleDims() == 0 && layout.userNesting() >= 0) {
            Layout withParticles = layout.withParticles();
            plates.enterAt(PARTICLES, n, 1.0, -(layout.userNesting() + 1));
            try {
                for (Piece p : segment(e, List.of(), rng, args, estimate, withParticles, plates)) {
                    all.add(new Piece(p.value().div(n), p.frames()));
                }
            } finally {
                plates.exit();
            }
            return all;
        }
        for (Rng k : rng.split(n)) {
            for (Piece p : segment(e, List.of(), k, args, estimate, layout.copy(), plates)) {
                all.add(new Piece(p.value().div(n), p.frames()));
            }
        }
        return all;
    }

    /** Whether {@code v} is a rank-0 constant 0 (a program whose value is all in its costs): it adds nothing. */
    private static boolean isConstantZero(Var v) {
        return v.rank() == 0 && !v.requiresGrad() && v.provenance().isEmpty() && v.item() == 0.0;
    }

    private static <A> List<Piece> segment(Expectation<A> e, List<Recorded> prefix, Rng rng, A args, Estimate estimate,
            Layout layout, PlateStack plates) {
        Layout mine = layout.copy();
        Run run = new Run(e, prefix, rng, estimate, mine, plates, false);
        List<Piece> tail;
        try {
            Var value = e.program().apply(run, args);
            if (value == null) {
                throw new IllegalStateException("the objective program returned null; return a Var (0 if all value is in costs)");
            }
            Piece returned = run.returnValue(value);
            tail = isConstantZero(returned.value()) ? List.of() : List.of(returned);
        } catch (ForkSignal f) {
            if (f.run != run) {
                throw f;
            }
            List<Var> values = f.fork.values();
            Rng[] keys = rng.fold(Long.MIN_VALUE + prefix.size()).split(values.size());
            List<List<Piece>> continuations = new ArrayList<>();
            for (int k = 0; k < values.size(); k++) {
                List<Recorded> child = new ArrayList<>(f.recorded);
                child.add(new Recorded(values.get(k), 0));
                continuations.add(segment(e, child, keys[k], args, estimate, layout, plates));
            }
            tail = ForkCombination.combine(f, continuations);
        }
        List<dev.ppl.vi.strategy.SingleShot> used = new ArrayList<>();
        List<Piece> pieces = SegmentSurrogate.build(run.events(), tail, e.isRaoBlackwellized(), used);
        for (dev.ppl.vi.strategy.SingleShot s : used) {
            estimate.used(s);
        }
        return pieces;
    }
}
