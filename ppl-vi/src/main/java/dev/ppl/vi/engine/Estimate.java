package dev.ppl.vi.engine;

import dev.ppl.core.Address;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.SingleShot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one call of the engine shares across its runs (particles, continuations, nested
 * expectations): the stateful rules that formed terms (told once the estimate is complete), the
 * strategy overrides that matched a choice and the addresses seen (so an override that matches
 * nothing is an error), and, for a sampling run, the deepest plate nesting met.
 */
final class Estimate {
    private final Set<SingleShot> used = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Expectation.StrategyOverride> matched = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Expectation<?>> expectations = new ArrayList<>();
    private final Set<Address> addresses = new LinkedHashSet<>();
    private int deepestNesting;

    void used(SingleShot s) {
        used.add(s);
    }

    void ran(Expectation<?> e) {
        for (Expectation<?> x : expectations) {
            if (x == e) {
                return;
            }
        }
        expectations.add(e);
    }

    void matched(Expectation.StrategyOverride o) {
        matched.add(o);
    }

    void visited(Address a) {
        addresses.add(a);
    }

    void nesting(int depth) {
        deepestNesting = Math.max(deepestNesting, depth);
    }

    int deepestNesting() {
        return deepestNesting;
    }

    /** Throws if a strategy override of an expectation run in this estimate matched no choice. */
    void requireEveryOverrideMatched() {
        for (Expectation<?> e : expectations) {
            for (Expectation.StrategyOverride o : e.overrides()) {
                if (!matched.contains(o)) {
                    throw new IllegalArgumentException("objective: the strategy override " + o + " matched no choice in "
                            + "this estimate; the choices were at " + addresses + " (check the address; a namespace "
                            + "selects the choices below it)");
                }
            }
        }
    }

    /** Tells every stateful rule that formed a term that the estimate is complete. */
    void complete() {
        for (SingleShot s : used) {
            s.completeEstimate();
        }
    }
}
