package dev.ppl.examples.cli;

import dev.ppl.examples.vae.GaussianVae;
import dev.ppl.examples.vae.SparkVae;
import dev.ppl.vi.spark.SparkContexts;
import dev.ppl.vi.spark.SparkGradients;
import java.io.PrintWriter;
import dev.ppl.examples.data.TrainingRows;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Spark side of {@code vae --spark MASTER}: a context for the master URL, the training
 * images as an RDD of {@code float[]} rows in {@code defaultParallelism} partitions, loaded on
 * the executors ({@link TrainingRows}; in data-set order, so the minibatches are those of the
 * single-process run), and the
 * {@link SparkGradients} of a {@link SparkVae}. Closing it stops the context.
 */
final class SparkRun implements AutoCloseable {
    private final JavaSparkContext sc;
    private final SparkGradients<float[], INDArray> gradients;

    private SparkRun(JavaSparkContext sc, SparkGradients<float[], INDArray> gradients) {
        this.sc = sc;
        this.gradients = gradients;
    }

    static SparkRun start(String master, INDArray trainPixels, int pixels, int latent, int hidden, CommonOptions o,
                          PrintWriter out) {
        JavaSparkContext sc = SparkContexts.create(master, "ppl vae");
        try {
            int n = (int) trainPixels.size(0);
            int partitions = sc.defaultParallelism();
            JavaRDD<float[]> rows = new TrainingRows(o.data == null ? null : o.data.toAbsolutePath().toString(), n)
                    .rdd(sc, partitions);
            SparkGradients<float[], INDArray> g = SparkGradients.over(rows,
                    new SparkVae(pixels, latent, hidden, o.seed, o.batchSize, n), o.batchSize, o.seed);
            out.printf("spark: master %s, %d partitions %s, %.1f MB of parameters broadcast per step%n", master, partitions,
                    java.util.Arrays.toString(g.partitionSizes()), g.params().size() * 4 / 1e6);
            out.flush();
            return new SparkRun(sc, g);
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    SparkGradients<float[], INDArray> gradients() {
        return gradients;
    }

    /** The driver's network (trained in place). */
    GaussianVae vae() {
        return ((SparkVae.VaeReplica) gradients.driverReplica()).vae();
    }

    @Override
    public void close() {
        gradients.close();
        sc.stop();
    }
}
