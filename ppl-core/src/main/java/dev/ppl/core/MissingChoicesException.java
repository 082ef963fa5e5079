package dev.ppl.core;

import java.util.List;

/**
 * Thrown by {@link GenerativeFunction#assess} when choices are missing; {@link #missing()} lists
 * their full addresses (a caller's namespace included).
 */
public final class MissingChoicesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<Address> missing;

    /** @param function the function assessed; @param missing every missing address */
    public MissingChoicesException(String function, List<Address> missing) {
        super(function + ": assess needs every choice; missing: " + missing);
        this.missing = List.copyOf(missing);
    }

    /** The missing addresses. */
    public List<Address> missing() {
        return missing;
    }
}
