package dev.ppl.autodiff;

/**
 * Finite-value checking for forward and backward values. While enabled (per thread), every op
 * result and every gradient an op's backward rule produces is checked; the first NaN or
 * infinity throws {@link NonFiniteValueException} naming the op, the shapes of its inputs and
 * the offending element.
 *
 * <pre>{@code
 * try (DebugMode debug = DebugMode.enable()) {
 *     Var loss = model(x);
 *     Grad.grad(loss, params);
 * }
 * }</pre>
 *
 * <p>It is also on for every thread when the JVM runs with {@code -Dppl.autodiff.debug=true}.
 * Checking costs a reduction per op, so it is off by default.
 */
public final class DebugMode implements AutoCloseable {
    private static final boolean GLOBAL = Boolean.getBoolean("ppl.autodiff.debug");
    private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);

    private boolean closed;

    private DebugMode() {
        DEPTH.set(DEPTH.get() + 1);
    }

    /** Enables checking on this thread until the returned scope is closed (scopes nest). */
    public static DebugMode enable() {
        return new DebugMode();
    }

    /** Whether checking is on for the current thread. */
    public static boolean isEnabled() {
        return GLOBAL || DEPTH.get() > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.set(DEPTH.get() - 1);
        }
    }
}
