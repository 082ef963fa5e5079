package dev.ppl.vi.engine;

import dev.ppl.autodiff.Provenance;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.plate.Frame;
import dev.ppl.vi.strategy.SingleShot;
import java.util.Set;

/** What a run records after its replayed prefix, in program order: a closed set. */
sealed interface Event {
    /** A cost (or the program's return value) made in plates {@code frames}. */
    record Cost(Var value, Set<Frame> frames) implements Event {}

    /**
     * A single-shot choice with a score term waiting for its continuation: its log density per
     * plate element (joint dims summed, unscaled), its plates, and, with dependency tracking, its
     * own source tag.
     */
    record Term(SingleShot strategy, Var logDensity, Set<Frame> frames, Address address, Provenance source)
            implements Event {}

    /**
     * A parallel-enumerated choice: the log probabilities of its values (on its enumeration dim
     * {@code dim}, negative, and its plates' dims), its plates and the tag its values carry.
     */
    record Enumerated(Var logProbability, Set<Frame> frames, int dim, Address address, Provenance tag)
            implements Event {}
}
