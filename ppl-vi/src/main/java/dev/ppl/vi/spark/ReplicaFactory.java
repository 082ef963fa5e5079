package dev.ppl.vi.spark;

import java.io.Serializable;

/**
 * Builds a {@link Replica} (model, parameters, objective) in the JVM that calls it: the driver
 * builds one for the optimizer and the checkpoints, every executor builds its own. This factory
 * and whatever it captures are what Spark serializes and ships, so it must be
 * {@link Serializable} all the way down: capture sizes, seeds and file names, not ND4J arrays,
 * {@code Params} or models (build those inside {@link #create}). {@link SparkGradients} checks it
 * before the first step and names the first class that is not serializable.
 *
 * <pre>{@code
 * ReplicaFactory<float[], Minibatch> f = () -> new MyVaeReplica(784, 20, 400, seed);  // a lambda is serializable
 * }</pre>
 *
 * @param <R> the record type
 * @param <B> the objective's argument type
 */
@FunctionalInterface
public interface ReplicaFactory<R, B> extends Serializable {
    /** A fresh replica; replicas of one factory have parameters of the same names and shapes. */
    Replica<R, B> create();
}
