package dev.ppl.examples.data;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training images as a Spark RDD of {@code float[]} rows (grey levels), loaded on the
 * executors: the driver parallelizes only row ranges, one per partition, and each executor
 * reads its range from the data set ({@code dataDir}, or the embedded MNIST subset when null),
 * so no task carries image data. Rows keep the data set's order (partition \(p\) holds rows
 * \([pN/P, (p+1)N/P)\)). On a cluster, {@code dataDir} must exist on every executor.
 *
 * @param dataDir the IDX directory, or null for the embedded subset
 * @param rows the number of training rows \(N\) to use (the first \(N\))
 */
public record TrainingRows(String dataDir, int rows) implements Serializable {
    /** The RDD of the first {@code rows} training images in {@code partitions} partitions. */
    public JavaRDD<float[]> rdd(JavaSparkContext sc, int partitions) {
        List<int[]> ranges = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ranges.add(new int[] {(int) ((long) p * rows / partitions), (int) ((long) (p + 1) * rows / partitions)});
        }
        TrainingRows self = this;
        return sc.parallelize(ranges, partitions).flatMap(r -> self.load(r[0], r[1]));
    }

    private Iterator<float[]> load(int from, int to) {
        ImageData d = dataDir == null ? ImageData.embedded() : ImageData.fromDirectory(Path.of(dataDir));
        INDArray pixels = d.train().pixels();
        List<float[]> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(pixels.getRow(i).toFloatVector());
        }
        return out.iterator();
    }
}
