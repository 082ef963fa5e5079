package dev.ppl.examples.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the JIT compiler has gone quiet: over the last window of at least {@code windowMs} of
 * wall time, the JVM's accumulated compilation time ({@link CompilationMXBean}) grew by at most
 * {@code idleFraction} of the window. Timing a case while its code is still being compiled
 * measures the compiler's threads competing with it for the cores (two on the reference
 * machine), not the case in its steady state. Where the JVM does not report compilation time,
 * the compiler counts as quiet.
 */
final class JitQuiet {
    private final CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
    private final double windowMs;
    private final double idleFraction;
    private long windowStart;
    private long compiledAtStart;

    JitQuiet(double windowMs, double idleFraction) {
        if (!(windowMs > 0) || !(idleFraction >= 0)) {
            throw new IllegalArgumentException("JitQuiet: window " + windowMs + " ms, idle fraction " + idleFraction);
        }
        this.windowMs = windowMs;
        this.idleFraction = idleFraction;
        restart();
    }

    private boolean supported() {
        return bean != null && bean.isCompilationTimeMonitoringSupported();
    }

    /** Starts a new observation window now. */
    void restart() {
        windowStart = System.nanoTime();
        compiledAtStart = supported() ? bean.getTotalCompilationTime() : 0;
    }

    /**
     * Polled between iterations: false until a full window has passed; then whether the compiler
     * was quiet during it (a new window starts after each full one).
     */
    boolean quiet() {
        if (!supported()) {
            return true;
        }
        double elapsed = (System.nanoTime() - windowStart) / 1e6;
        if (elapsed < windowMs) {
            return false;
        }
        long compiled = bean.getTotalCompilationTime() - compiledAtStart;
        restart();
        return compiled <= idleFraction * elapsed;
    }
}
