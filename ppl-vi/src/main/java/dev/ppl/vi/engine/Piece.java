package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.core.plate.Frame;
import java.util.Set;

/**
 * Part of a surrogate made in the plates {@code frames}: one value per element of those plates
 * (laid out on their dims), possibly with enumeration dims left of them, to be summed over all
 * of them at the end.
 */
record Piece(Var value, Set<Frame> frames) {
    Piece {
        frames = Set.copyOf(frames);
    }

    boolean inside(Set<Frame> plates) {
        return frames.containsAll(plates);
    }
}
