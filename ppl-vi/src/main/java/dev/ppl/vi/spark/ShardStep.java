package dev.ppl.vi.spark;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One partition's part of a step, run on an executor: with \(B_p = B_s \cap\) (this partition's
 * rows), \(m_p = |B_p|\), it sets the replica's parameters to \(\theta\), builds the objective for
 * \(m_p\) records with data scale \(N/m_p\), and adds \(w_p \hat L_p\) and \(c\, w_p \nabla\hat L_p\),
 * \(w_p = m_p/m\), to the accumulator, using the key \(k_{s,p}\) only (never the attempt number), so
 * a retried task computes the same numbers. A partition with no minibatch rows adds nothing.
 */
final class ShardStep {
    private ShardStep() {}

    static <R, B> GradientSum add(GradientSum acc, Shard<R> shard, StepPlan plan, ReplicaFactory<R, B> factory) {
        List<R> records = shard.share(plan.indices());
        int mp = records.size();
        if (mp == 0) {
            return acc;
        }
        double m = plan.indices().length;
        double weight = mp / m;
        double scale = (double) plan.rows() / mp;
        Rng key = plan.partitionKey(shard.partition);
        long t0 = System.nanoTime();
        Replica<R, B> replica = ReplicaPool.borrow(plan.runId(), factory);
        try {
            Params params = replica.params();
            plan.theta().assignTo(params.flatValues());
            B batch = replica.batch(records, key.fold(1));
            double value = replica.objective(mp, scale).gradEstimateInto(key.fold(0), batch, params, plan.c() * weight);
            boolean dbl = params.dtype() == DataType.DOUBLE;
            acc.add(dbl ? null : params.flatGrads().toFloatVector(), dbl ? params.flatGrads().toDoubleVector() : null,
                    weight * value, mp);
            acc.timed((System.nanoTime() - t0) / 1e6);
            return acc;
        } finally {
            ReplicaPool.giveBack(plan.runId(), replica);
        }
    }
}
