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
 * Checking costs a reduction per op, so it is off by default. A {@link ScopedFlag}.
 */
public final class DebugMode implements AutoCloseable {
    private static final ScopedFlag FLAG = ScopedFlag.of("ppl.autodiff.debug");
    private final ScopedFlag.Scope scope;

    private DebugMode() {
        this.scope = FLAG.enable();
    }

    /** Enables checking on this thread until the returned scope is closed (scopes nest). */
    public static DebugMode enable() {
        return new DebugMode();
    }

    /** Whether checking is on for the current thread. */
    public static boolean isEnabled() {
        return FLAG.isOn();
    }

    @Override
    public void close() {
        scope.close();
    }
}
