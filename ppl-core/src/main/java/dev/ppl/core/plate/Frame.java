package dev.ppl.core.plate;

/**
 * A declared plate as the choices and costs inside it see it: its name, its size \(n\) and the
 * batch dim it owns, counted from the right of a batch shape ({@code -1} for the first plate
 * entered, {@code -2} for a plate entered inside it, ...). Every value made inside the plate has
 * exactly \(n\) entries along that dim, and those entries are conditionally independent given
 * everything outside the plate. Two frames are the same plate when name, size and dim agree.
 *
 * @param name the plate's name (unique among the plates active at one time)
 * @param size the number of elements \(n \ge 1\)
 * @param dim the batch dim it owns, negative
 */
public record Frame(String name, long size, int dim) {
    /** Checks the size and the dim. */
    public Frame {
        if (size < 1 || dim >= 0) {
            throw new IllegalArgumentException("plate '" + name + "': need size >= 1 and a negative dim, got size " + size
                    + ", dim " + dim);
        }
    }

    @Override
    public String toString() {
        return name + "[" + size + "]@" + dim;
    }
}
