package dev.ppl.examples.bench;

import java.lang.reflect.Field;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times every call through ND4J's op executioner on one thread, by method and op name: the
 * invocation handler of a proxy that {@link #install} puts in place of the executioner (for
 * {@link StepProfile}'s {@code optimes} section).
 */
final class TimingExecutioner implements java.lang.reflect.InvocationHandler {
    final Object target;
    final Thread thread = Thread.currentThread();
    final Map<String, long[]> byName = new java.util.HashMap<>();
    int depth;

    TimingExecutioner(Object target) {
        this.target = target;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
        boolean timed = Thread.currentThread() == thread && depth == 0 && m.getName().startsWith("exec");
        long t0 = timed ? System.nanoTime() : 0;
        depth++;
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        } finally {
            depth--;
            if (timed) {
                long dt = System.nanoTime() - t0;
                String name = args != null && args.length > 0 && args[0] instanceof org.nd4j.linalg.api.ops.Op op ? op.opName()
                        : args != null && args.length > 0 && args[0] instanceof org.nd4j.linalg.api.ops.CustomOp c ? c.opName()
                        : m.getName();
                long[] v = byName.computeIfAbsent(name, k -> new long[2]);
                v[0]++;
                v[1] += dt;
            }
        }
    }

    /** Installs a timing proxy of the original executioner that tallies into {@code t}. */
    static void install(Field f, TimingExecutioner t) throws IllegalAccessException {
        f.set(null, java.lang.reflect.Proxy.newProxyInstance(Nd4j.class.getClassLoader(),
                new Class<?>[] {org.nd4j.linalg.api.ops.executioner.OpExecutioner.class}, t));
    }
}
