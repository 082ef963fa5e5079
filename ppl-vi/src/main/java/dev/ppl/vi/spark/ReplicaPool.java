package dev.ppl.vi.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The replicas of each run kept in this JVM (an executor runs many steps, and several tasks at
 * once): a task borrows one, or has the factory create one, and returns it when done, so a
 * replica is built once per executor thread rather than once per step, and is never shared by
 * two tasks at a time. {@link #release} drops a run's replicas.
 */
final class ReplicaPool {
    private static final Map<String, ConcurrentLinkedDeque<Replica<?, ?>>> POOLS = new ConcurrentHashMap<>();

    private ReplicaPool() {}

    @SuppressWarnings("unchecked")
    static <R, B> Replica<R, B> borrow(String runId, ReplicaFactory<R, B> factory) {
        Replica<?, ?> r = POOLS.computeIfAbsent(runId, k -> new ConcurrentLinkedDeque<>()).poll();
        return r != null ? (Replica<R, B>) r : factory.create();
    }

    static void giveBack(String runId, Replica<?, ?> replica) {
        POOLS.computeIfAbsent(runId, k -> new ConcurrentLinkedDeque<>()).push(replica);
    }

    static void release(String runId) {
        POOLS.remove(runId);
    }
}
