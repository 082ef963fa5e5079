package dev.ppl.autodiff;

/**
 * Thrown by {@link Grad#gradAsVars} when a gradient that must stay differentiable passes through
 * an op whose local chain rule exists only as arrays (a plain {@link Backward}, not a
 * {@link DifferentiableBackward}): its gradient could be computed, but not differentiated again,
 * and returning it as a constant would make every higher derivative through it silently zero.
 * The message names the op and the shapes of its inputs and output.
 */
public final class NoDifferentiableRuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String op;

    NoDifferentiableRuleException(String op, String message) {
        super(message);
        this.op = op;
    }

    /** The name of the op without a differentiable rule ("lgamma", "gather", ...). */
    public String op() {
        return op;
    }
}
