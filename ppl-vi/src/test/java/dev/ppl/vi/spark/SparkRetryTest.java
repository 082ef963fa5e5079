package dev.ppl.vi.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task that fails is retried by Spark and the step's result does not change: partition 1's
 * work throws on its first attempt ({@link TaskContext#attemptNumber()} 0), the retry succeeds,
 * and value and gradient equal those of a run without the failure, bit for bit.
 */
class SparkRetryTest {
    static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    /** Delegates to the stochastic ELBO replica, throwing on partition 1's first attempt. */
    static final class FailsOnce implements Replica<Double, INDArray> {
        private final NormalMeanReplica inner = new NormalMeanReplica(false);

        @Override public Params params() { return inner.params(); }
        @Override public Expectation<INDArray> objective(int size, double scale) { return inner.objective(size, scale); }

        @Override
        public INDArray batch(List<Double> records, Rng key) {
            TaskContext t = TaskContext.get();
            if (t != null && t.partitionId() == 1 && t.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of partition 1, attempt 0");
            }
            return inner.batch(records, key);
        }
    }

    @Test
    void aTaskFailingOnceIsRetriedWithTheSameResult() throws Exception {
        LocalSpark.context().sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().failed()) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
        long step = 4;
        Rng key = Rng.of(5).fold(step);
        double clean;
        double[] cleanGrad;
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(SparkGradientsTest.rdd(), NormalMeanReplica.elboFactory(), 30, 3)) {
            clean = g.estimateInto(step, key, g.params(), -1.0);
            cleanGrad = g.params().flatGrads().toDoubleVector();
        }
        int before = FAILED_TASKS.get();
        ReplicaFactory<Double, INDArray> failing = FailsOnce::new;
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(SparkGradientsTest.rdd(), failing, 30, 3)) {
            double retried = g.estimateInto(step, key, g.params(), -1.0);
            LocalSpark.context().sc().listenerBus().waitUntilEmpty();
            assertEquals(1, FAILED_TASKS.get() - before, "exactly one task attempt failed and was retried");
            assertEquals(clean, retried, 0.0);
            assertArrayEquals(cleanGrad, g.params().flatGrads().toDoubleVector(), 0.0);
        }
    }
}
