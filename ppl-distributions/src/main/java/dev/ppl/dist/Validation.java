package dev.ppl.dist;

import dev.ppl.autodiff.ScopedFlag;

/**
 * Strict support checking. By default a value outside a distribution's support has log density
 * \(-\infty\); inside {@code try (Validation v = Validation.strict()) {...}} (per thread, nesting)
 * or with {@code -Dppl.dist.strict=true}, {@link Distribution#logDensity} throws an
 * {@link IllegalArgumentException} naming the family, the index and the value instead.
 * Parameters are always validated, strict or not. A {@link ScopedFlag}.
 */
public final class Validation implements AutoCloseable {
    private static final ScopedFlag FLAG = ScopedFlag.of("ppl.dist.strict");
    private final ScopedFlag.Scope scope;

    private Validation() {
        this.scope = FLAG.enable();
    }

    /** Turns strict support checking on for this thread until closed. */
    public static Validation strict() {
        return new Validation();
    }

    /** Whether strict support checking is on for the current thread. */
    public static boolean isStrict() {
        return FLAG.isOn();
    }

    @Override
    public void close() {
        scope.close();
    }
}
