package dev.ppl.dist;

/**
 * Strict support checking. By default a value outside a distribution's support has log density
 * \(-\infty\); inside {@code try (Validation v = Validation.strict()) {...}} (per thread, nesting)
 * or with {@code -Dppl.dist.strict=true}, {@link Distribution#logDensity} throws an
 * {@link IllegalArgumentException} naming the family, the index and the value instead.
 * Parameters are always validated, strict or not.
 */
public final class Validation implements AutoCloseable {
    private static final boolean GLOBAL = Boolean.getBoolean("ppl.dist.strict");
    private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);
    private boolean closed;

    private Validation() {
        DEPTH.set(DEPTH.get() + 1);
    }

    /** Turns strict support checking on for this thread until closed. */
    public static Validation strict() {
        return new Validation();
    }

    /** Whether strict support checking is on for the current thread. */
    public static boolean isStrict() {
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
