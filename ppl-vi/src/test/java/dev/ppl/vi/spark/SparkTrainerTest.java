package dev.ppl.vi.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.vi.train.Minibatches;
import dev.ppl.vi.train.NonFiniteTrainingException;
import dev.ppl.vi.train.Trainer;
import dev.ppl.vi.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The library's Trainer on Spark gradients: same trajectory as the single-process trainer, exact resume, the NaN guard. */
class SparkTrainerTest {
    static final int M = 16;

    /**
     * 40 Adam steps of the deterministic objective: the Spark run (3 partitions) and the
     * single-process {@link Trainer} on {@link Minibatches} with the same seed visit the same
     * minibatches and reach the same parameters (to rounding; float64).
     */
    @Test
    void trainingRunMatchesTheSingleProcessRun() {
        double[] spark;
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(SparkGradientsTest.rdd(), NormalMeanReplica.mapFactory(), M, 3)) {
            TrainingResult r = SparkTrainer.builder(g, new Adam(0.05)).seed(7).steps(40).build().train();
            assertEquals(40, r.steps());
            spark = g.params().flatValues().toDoubleVector();
        }
        Params params = new NormalMeanReplica(true).params();
        double[] initial = params.flatValues().toDoubleVector();
        Minibatches single = new Minibatches(Nd4j.createFromArray(SparkGradientsTest.data().stream().mapToDouble(d -> d).toArray()), M, 3);
        Trainer.builder(NormalMeanReplica.map(params, single.scale()), step -> single.batch(step).rows(), params, new Adam(0.05))
                .seed(7).steps(40).build().train();
        double[] local = params.flatValues().toDoubleVector();
        assertTrue(Math.abs(local[0] - initial[0]) > 0.5, "the run should move m: " + initial[0] + " -> " + local[0]);
        assertArrayEquals(local, spark, 1e-9);
    }

    /**
     * 10 steps of the stochastic ELBO uninterrupted, against 5 steps, a checkpoint, and 5 more
     * steps by a freshly built source and trainer resumed from it: bit-identical parameters. A
     * checkpoint of a run over differently partitioned data is refused.
     */
    @Test
    void checkpointOnTheDriverAndExactResume(@TempDir Path dir) {
        double[] straight = train(10, null, null, 3);
        Path ckpt = dir.resolve("run.ckpt");
        train(5, ckpt, null, 3);
        double[] resumed = train(10, null, ckpt, 3);
        assertArrayEquals(straight, resumed, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(10, null, ckpt, 2));
        assertTrue(e.getMessage().contains("spark.partitionSizes"), e.getMessage());
    }

    private static double[] train(long steps, Path checkpoint, Path resume, int partitions) {
        JavaRDD<Double> rdd = LocalSpark.context().parallelize(SparkGradientsTest.data(), partitions);
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(rdd, NormalMeanReplica.elboFactory(), M, 3)) {
            var b = SparkTrainer.builder(g, new Adam(0.05)).seed(11).steps(steps);
            if (checkpoint != null) {
                b.checkpointEvery(5, checkpoint);
            }
            Trainer<Void> t = b.build();
            if (resume != null) {
                t.resume(resume);
                assertEquals(5, t.completedSteps());
            }
            t.train();
            return g.params().flatValues().toDoubleVector();
        }
    }

    /**
     * A NaN record makes every step whose minibatch holds it non-finite: the guard skips the
     * step, and with a limit of one skipped step training stops with a message that describes
     * the step's minibatch.
     */
    @Test
    void nonFiniteStepsAreSkippedAndStopTrainingWithTheBatchDescribed() {
        List<Double> x = SparkGradientsTest.data();
        x.set(7, Double.NaN);
        JavaRDD<Double> rdd = LocalSpark.context().parallelize(x, 3);
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(rdd, NormalMeanReplica.mapFactory(), M, 3)) {
            NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class,
                    () -> SparkTrainer.builder(g, new Adam(0.05)).seed(7).steps(20).skipLimits(1, 1.0).build().train());
            assertTrue(e.getMessage().contains("minibatch of 16 records"), e.getMessage());
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        }
    }
}
