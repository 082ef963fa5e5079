package dev.ppl.autodiff;

/**
 * A per-thread switch turned on for the extent of a {@code try}-with-resources scope, or for
 * every thread by a JVM system property: {@code isOn()} is true while at least one
 * {@link Scope} opened on the current thread is open (scopes nest) or when the property is
 * {@code true}. The one mechanism behind {@link DebugMode} and the distributions' strict
 * validation.
 *
 * <pre>{@code
 * static final ScopedFlag CHECKS = ScopedFlag.of("my.checks");
 * try (ScopedFlag.Scope s = CHECKS.enable()) { ... CHECKS.isOn() ... }
 * }</pre>
 */
public final class ScopedFlag {
    private final String property;
    private final boolean global;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    private ScopedFlag(String property) {
        this.property = property;
        this.global = Boolean.getBoolean(property);
    }

    /** A flag that is on everywhere when the system property {@code property} is {@code true} at class initialization. */
    public static ScopedFlag of(String property) {
        return new ScopedFlag(property);
    }

    /** Whether the flag is on for the current thread. */
    public boolean isOn() {
        return global || depth.get()[0] > 0;
    }

    /** Turns the flag on for this thread until the returned scope is closed. */
    public Scope enable() {
        int[] d = depth.get();
        d[0]++;
        return new Scope(d);
    }

    /** The system property that turns the flag on for every thread. */
    public String property() {
        return property;
    }

    /** One enabling of a {@link ScopedFlag}; closing it twice has no further effect. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }
}
