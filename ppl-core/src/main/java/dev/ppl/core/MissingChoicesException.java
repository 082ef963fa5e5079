package dev.ppl.core;

import java.util.List;

/**
 * Thrown by {@link GenerativeFunction#assess} when choices are missing; {@link #missing()} lists
 * their full addresses (a caller's namespace included), and {@link #unvisited()} the given
 * choices the function never visited (often the same choices, mistyped: the message then
 * suggests the missing address each was probably meant to be).
 */
public final class MissingChoicesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<Address> missing;
    private final transient Unvisited unvisited;

    /** @param function the function assessed; @param missing every missing address */
    public MissingChoicesException(String function, List<Address> missing) {
        this(function, missing, Unvisited.none());
    }

    /**
     * @param function the function assessed
     * @param missing every missing address
     * @param unvisited the given choices it never visited (its visited addresses should include
     *        the missing ones, so that a mistyped choice is matched to the one it was meant to be)
     */
    public MissingChoicesException(String function, List<Address> missing, Unvisited unvisited) {
        super(function + ": assess needs every choice; missing: " + missing
                + (unvisited.isEmpty() ? "" : "; given at addresses it never visits: " + unvisited));
        this.missing = List.copyOf(missing);
        this.unvisited = unvisited;
    }

    /** The missing addresses. */
    public List<Address> missing() {
        return missing;
    }

    /** The given choices the function never visited (empty if all were visited). */
    public Unvisited unvisited() {
        return unvisited;
    }
}
