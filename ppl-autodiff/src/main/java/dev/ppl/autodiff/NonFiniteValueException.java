package dev.ppl.autodiff;

/**
 * Thrown in {@link DebugMode} when an op's value or gradient contains NaN or an infinity; the
 * message names the op, the pass (forward or backward), the shapes involved and the first
 * offending element.
 */
public final class NonFiniteValueException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** @param message names the op, the pass, the shapes and the offending value */
    public NonFiniteValueException(String message) {
        super(message);
    }
}
