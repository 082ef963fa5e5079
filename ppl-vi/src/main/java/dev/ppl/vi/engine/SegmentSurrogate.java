package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.core.plate.Frame;
import dev.ppl.vi.strategy.SingleShot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The surrogate of one segment (the events a run recorded after its replayed prefix), built from
 * the last event back to the first over the pieces downstream of each point, starting from the
 * tail (the program's value, or the combined continuations of the segment's multi-shot choice):
 * <ol>
 *   <li>a cost made in plates \(Q\) is a new downstream piece;</li>
 *   <li>a score term of a choice made in plates \(P\) multiplies the downstream pieces read in
 *       \(P\) (each summed over its plates' dims outside \(P\) and broadcast over \(P\)'s dims it
 *       lacks), so a global cost multiplies every element's term once and an element's cost only
 *       its own element's (rule 3); the term is a new piece in \(P\);</li>
 *   <li>a parallel-enumerated choice made in plates \(P\) weights every downstream piece made in
 *       plates \(Q \supseteq P\) by its probabilities and sums out its dim (Dice, rule 4); a piece
 *       outside \(P\) that depends on it is an error (its continuation cannot be reduced).</li>
 * </ol>
 * With dependency tracking, a term multiplies only the pieces whose provenance holds its tag.
 */
final class SegmentSurrogate {
    private SegmentSurrogate() {}

    static List<Piece> build(List<Event> events, List<Piece> tail, boolean tracking, List<SingleShot> used) {
        List<Piece> down = new ArrayList<>(tail);
        for (int i = events.size() - 1; i >= 0; i--) {
            Event e = events.get(i);
            if (e instanceof Event.Cost c) {
                add(down, new Piece(c.value(), c.frames()), tracking);
            } else if (e instanceof Event.Term t) {
                Var continuation = null;
                for (Piece p : down) {
                    if (tracking && !p.value().provenance().intersects(t.source())) {
                        continue;
                    }
                    Var r = Layout.reduceTo(p.value(), p.frames(), t.frames());
                    continuation = continuation == null ? r : continuation.add(r.cast(continuation.dtype()));
                }
                if (continuation == null) {
                    continue; // nothing after the choice depends on it: its score term has mean zero
                }
                Var term;
                try {
                    term = t.strategy().term(t.logDensity(), continuation.cast(t.logDensity().dtype()));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("objective: " + t.strategy().name() + " at '" + t.address() + "': "
                            + ex.getMessage(), ex);
                }
                used.add(t.strategy());
                add(down, new Piece(term, t.frames()), tracking);
            } else {
                weightAndSumOut((Event.Enumerated) e, down);
            }
        }
        return down;
    }

    private static void add(List<Piece> down, Piece piece, boolean tracking) {
        if (!tracking) {
            for (int i = 0; i < down.size(); i++) {
                Piece p = down.get(i);
                if (p.frames().equals(piece.frames())) {
                    down.set(i, new Piece(p.value().add(piece.value().cast(p.value().dtype())), p.frames()));
                    return;
                }
            }
        }
        down.add(piece);
    }

    private static void weightAndSumOut(Event.Enumerated en, List<Piece> down) {
        Var w = null;
        for (int i = 0; i < down.size(); i++) {
            Piece p = down.get(i);
            if (!p.inside(en.frames())) {
                requireIndependent(p, en.frames(), en.tag(), "ENUM_PARALLEL", en.address().toString());
                continue;
            }
            if (w == null) {
                w = en.logProbability().exp();
            }
            Var weighted = w.mul(p.value().cast(w.dtype()));
            down.set(i, new Piece(Layout.sumAt(weighted, en.dim()), p.frames()));
        }
    }

    /** Throws if a piece made outside the plates {@code frames} of a forked or enumerated choice depends on it. */
    static void requireIndependent(Piece p, Set<Frame> frames, dev.ppl.autodiff.Provenance tag, String rule, String address) {
        if (p.value().provenance().intersects(tag)) {
            throw new IllegalArgumentException("objective: " + rule + " at '" + address + "' in plates "
                    + Layout.names(frames) + ": a cost (or score term) made in plates " + Layout.names(p.frames())
                    + " depends on it, so it couples the plate's elements and the per-element rule cannot be applied; "
                    + "add that cost inside the choice's plates, make the coupled dims one value (dist.toEvent(k) outside "
                    + "the plate), or use REINFORCE for this choice");
        }
    }
}
