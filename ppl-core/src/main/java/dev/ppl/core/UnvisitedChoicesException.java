package dev.ppl.core;

import java.util.List;

/**
 * Thrown by {@link GenerativeFunction#generate}, {@link GenerativeFunction#update} and
 * {@link GenerativeFunction#assess} when given addresses (constraints, or choices to assess) lie
 * where the function never visits: an ignored observation would change the weight silently, so
 * it is an error. The message lists every such address with why and, for a likely typo, the
 * closest visited address ({@code did you mean 'y'?}); {@link #unvisited()} holds them in full
 * (a caller's namespace included: a caller re-raises a callee's with {@link #within}).
 */
public final class UnvisitedChoicesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 20;
    private final String what;
    private final String hint;
    private final transient Unvisited unvisited;

    /**
     * @param where the function and operation, e.g. {@code "model.generate"}
     * @param what what was given, e.g. {@code "constraints"}
     * @param unvisited the findings (not empty)
     * @param hint what the function does visit, if the visited addresses do not say it (or null)
     */
    public UnvisitedChoicesException(String where, String what, Unvisited unvisited, String hint) {
        this(where, what, unvisited, hint, null);
    }

    private UnvisitedChoicesException(String where, String what, Unvisited unvisited, String hint, Throwable cause) {
        super(where + ": " + what + " at addresses the function never visits: " + unvisited
                + (hint != null ? "; " + hint : "") + visitedPart(unvisited.visited(), hint == null), cause);
        this.what = what;
        this.hint = hint;
        this.unvisited = unvisited;
    }

    private static String visitedPart(List<Address> visited, boolean always) {
        if (visited.isEmpty() && !always) {
            return "";
        }
        String shown = visited.size() <= SHOWN ? visited.toString()
                : visited.subList(0, SHOWN).toString().replace("]", ", ...] (" + visited.size() + " in all)");
        return "; visited choices: " + shown;
    }

    /** The findings: the unvisited addresses, why, and the visited ones. */
    public Unvisited unvisited() {
        return unvisited;
    }

    /**
     * This error as seen by a caller that ran the function at {@code at}: the same findings under
     * {@code at/...}, reported by {@code where} (e.g. {@code "model.generate"}).
     */
    public UnvisitedChoicesException within(String where, Address at) {
        return new UnvisitedChoicesException(where + ", in the call at '" + at + "'", what, unvisited.prefixed(at), hint,
                this);
    }
}
