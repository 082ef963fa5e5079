package dev.ppl.vi.spark;

import dev.ppl.dist.Rng;
import java.io.Serializable;

/**
 * What the driver broadcasts for one step: the step number \(s\), the step key \(k_s\), the
 * minibatch's global row indices \(B_s\) (\(|B_s| = m\) of \(N\) rows), the trainer's constant
 * \(c\), and the parameter values \(\theta\) as a plain array. Immutable.
 */
record StepPlan(String runId, long step, Rng key, int[] indices, long rows, double c, FlatArray theta)
        implements Serializable {
    /** The key of partition {@code partition}'s estimate: \(k_{s,p}\) = {@code key.fold(p)}; objective draws use {@code .fold(0)}, the batch's {@code .fold(1)}. */
    Rng partitionKey(int partition) {
        return key.fold(partition);
    }
}
