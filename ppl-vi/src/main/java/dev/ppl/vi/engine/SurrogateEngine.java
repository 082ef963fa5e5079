package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Builds the surrogate of an {@link Expectation} by composing the strategies of its choices.
 *
 * <ol>
 *   <li>Run the program with a replayed prefix of choice values (initially empty), fresh
 *       randomness after it; single-shot choices are drawn and recorded as they come.</li>
 *   <li>If the run ends, its segment's surrogate is the costs recorded after the prefix plus the
 *       return value plus the score terms of its fresh single-shot choices, each multiplying the
 *       costs recorded after it and the return value.</li>
 *   <li>If the run meets a fresh multi-shot choice, it stops there; the continuation is run once
 *       per forced value with the prefix extended by every value drawn so far and the forced
 *       one (recursively, step 1), and the strategy combines those continuations into the
 *       segment's tail in place of the return value.</li>
 * </ol>
 * Replayed values are the recorded {@code Var}s themselves, so reparameterized values keep their
 * gradient paths in every continuation. Parallel enumeration is handled inside a run (see
 * {@link Run}).
 */
public final class SurrogateEngine {
    private SurrogateEngine() {}

    /**
     * The surrogate of {@code e} at {@code args}, averaged over its particles and summed over data
     * points. Once it is built, every strategy that formed a score term in it (nested expectations
     * included) is told so by {@link Strategy#completeEstimate()}, so stateful rules update only
     * between estimates.
     */
    public static <A> Var surrogate(Expectation<A> e, Rng rng, A args) {
        Set<Strategy> used = Collections.newSetFromMap(new IdentityHashMap<>());
        Var t = surrogate(e, rng, args, used);
        for (Strategy s : used) {
            s.completeEstimate();
        }
        return t;
    }

    /** As {@link #surrogate(Expectation, Rng, Object)}, collecting the strategies used into {@code used}. */
    static <A> Var surrogate(Expectation<A> e, Rng rng, A args, Set<Strategy> used) {
        int n = e.particleCount();
        Rng[] keys = n == 1 ? new Rng[] {rng} : rng.split(n);
        Var total = null;
        for (Rng k : keys) {
            Var t = segment(e, List.of(), k, args, used).sum();
            total = total == null ? t : total.add(t);
        }
        return n == 1 ? total : total.div(n);
    }

    static <A> Var segment(Expectation<A> e, List<Var> prefix, Rng rng, A args, Set<Strategy> used) {
        Run run = new Run(e.overrides(), prefix, rng, used, e.isRaoBlackwellized());
        Var tail;
        try {
            tail = e.program().apply(run, args);
            if (tail == null) {
                throw new IllegalStateException("the objective program returned null; return a Var (0 if all value is in costs)");
            }
        } catch (ForkSignal f) {
            if (f.run != run) {
                throw f;
            }
            List<Var> values = f.fork.values();
            Rng[] keys = rng.fold(Long.MIN_VALUE + prefix.size()).split(values.size());
            List<Var> continuations = new ArrayList<>();
            for (int k = 0; k < values.size(); k++) {
                List<Var> child = new ArrayList<>(f.recorded);
                child.add(values.get(k));
                continuations.add(segment(e, child, keys[k], args, used));
            }
            Var shape = continuations.get(0);
            tail = f.fork.combine(continuations, lp -> Run.toShapeStrict(lp, shape, run.forkAddress()));
        }
        return run.surrogate(tail);
    }
}
