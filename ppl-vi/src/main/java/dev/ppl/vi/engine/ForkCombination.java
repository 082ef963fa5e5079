package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.core.plate.Frame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Combines the continuations of a multi-shot choice made in plates \(P\), group by group of
 * pieces that share plates \(Q\): a group with \(Q \supseteq P\) is combined by the rule, each
 * element of \(P\) with its own weights (the plate declares the elements' continuations
 * independent); a group outside \(P\) must not depend on the choice (else an error: the rule
 * cannot be applied per element), and the first continuation's value, a draw with the right
 * distribution, stands for it.
 */
final class ForkCombination {
    private ForkCombination() {}

    static List<Piece> combine(ForkSignal f, List<List<Piece>> continuations) {
        List<Map<Set<Frame>, Var>> groups = new ArrayList<>();
        Map<Set<Frame>, Boolean> allFrames = new LinkedHashMap<>();
        for (List<Piece> c : continuations) {
            Map<Set<Frame>, Var> g = new LinkedHashMap<>();
            for (Piece p : c) {
                g.merge(p.frames(), p.value(), (a, b) -> a.add(b.cast(a.dtype())));
                allFrames.put(p.frames(), true);
            }
            groups.add(g);
        }
        List<Piece> out = new ArrayList<>();
        for (Set<Frame> q : allFrames.keySet()) {
            Var present = null;
            for (Map<Set<Frame>, Var> g : groups) {
                present = present != null ? present : g.get(q);
            }
            Var zero = Var.constant(Nd4j.scalar(present.dtype(), 0.0));
            List<Var> values = new ArrayList<>();
            for (Map<Set<Frame>, Var> g : groups) {
                values.add(g.getOrDefault(q, zero));
            }
            if (q.containsAll(f.frames)) {
                out.add(new Piece(f.fork.combine(values), q));
            } else {
                for (Var v : values) {
                    SegmentSurrogate.requireIndependent(new Piece(v, q), f.frames, f.tag, "a multi-shot rule",
                            f.address.toString());
                }
                out.add(new Piece(values.get(0), q));
            }
        }
        return out;
    }
}
