package dev.ppl.vi.predictive;

import dev.ppl.core.Address;
import dev.ppl.core.Trace;
import dev.ppl.core.dynamic.DynamicTrace;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sites of one ordinary (unvectorized) run of a generative function, found from its trace:
 * each choice's full address, its shape (the shape of one predictive draw) and its event rank,
 * and where a particle plate can go: left of every plate, at dim \(-(W + 1)\) for the deepest
 * plate nesting \(W\) ({@code depth}). {@code dynamic} is false if the trace (or a callee's) is not
 * a dynamic trace, and {@code jointDims} is true if a choice has batch dims that no plate owns
 * (rule 2 of the dimensions contract: one joint choice), which the engine refuses beside
 * vectorized particles; in either case the draws are made in sequence.
 */
record SiteLayout(Map<Address, long[]> shapes, Map<Address, Integer> eventRanks, int depth, boolean dynamic,
        boolean jointDims) {

    /** The layout of {@code trace}'s choices. */
    static SiteLayout of(Trace<?, ?> trace) {
        Map<Address, long[]> shapes = new LinkedHashMap<>();
        Map<Address, Integer> events = new LinkedHashMap<>();
        int[] depth = {0, 0};
        boolean dynamic = walk(trace, null, 0, shapes, events, depth);
        return new SiteLayout(Map.copyOf(shapes), Map.copyOf(events), depth[0], dynamic, depth[1] > 0);
    }

    /**
     * Visits {@code t}'s choices under {@code prefix}, {@code outer} plates deep, noting the deepest
     * nesting in {@code depth[0]} and counting choices with joint dims in {@code depth[1]}; false if
     * some trace is not dynamic.
     */
    private static boolean walk(Trace<?, ?> t, Address prefix, int outer, Map<Address, long[]> shapes,
            Map<Address, Integer> events, int[] depth) {
        if (!(t instanceof DynamicTrace<?, ?> dyn)) {
            t.choices().forEach(e -> shapes.put(full(prefix, e.getKey()), e.getValue().shape()));
            return false;
        }
        boolean dynamic = true;
        for (Map.Entry<Address, DynamicTrace.Site> e : dyn.sites().entrySet()) {
            DynamicTrace.Site s = e.getValue();
            Address a = full(prefix, e.getKey());
            int plates = outer + s.frames().size();
            if (s.isChoice()) {
                int eventRank = s.distribution().eventShape().length;
                shapes.put(a, s.value().shape());
                events.put(a, eventRank);
                depth[0] = Math.max(depth[0], plates);
                if (s.value().rank() - eventRank > plates) {
                    depth[1]++;
                }
            } else {
                dynamic &= walk(s.sub(), a, plates, shapes, events, depth);
            }
        }
        return dynamic;
    }

    private static Address full(Address prefix, Address a) {
        return prefix == null ? a : prefix.then(a);
    }

    /** The addresses, in address order. */
    List<Address> addresses() {
        return shapes.keySet().stream().sorted().toList();
    }

    /** Whether {@code a} is a choice of this run. */
    boolean has(Address a) {
        return shapes.containsKey(a);
    }

    /** The shape of the choice at {@code a}. */
    long[] shape(Address a) {
        return shapes.get(a);
    }

    /**
     * The shape a draw of the choice at {@code a} takes inside a particle plate of {@code n} on
     * dim {@code -(depth + 1)}: {@code [n, 1, ..., 1, shape]}, padded so that the particle dim
     * lies {@code depth} dims left of the event.
     */
    long[] particleShape(Address a, long n, int depth) {
        long[] s = shapes.get(a);
        int batchRank = s.length - eventRanks.getOrDefault(a, 0);
        long[] out = new long[1 + depth + s.length - batchRank];
        Arrays.fill(out, 1);
        out[0] = n;
        System.arraycopy(s, 0, out, out.length - s.length, s.length);
        return out;
    }
}
