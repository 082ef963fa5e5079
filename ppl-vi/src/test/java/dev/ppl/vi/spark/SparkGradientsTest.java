package dev.ppl.vi.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import dev.ppl.vi.train.MinibatchIndices;
import dev.ppl.vi.train.Minibatch;
import dev.ppl.vi.train.Minibatches;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The distributed step estimate against single-process computations with the library's public
 * API: the same keys give the same gradient (to 1e-6 relative), and for a program without random
 * choices the distributed sum equals the single-process estimate on the whole minibatch.
 */
class SparkGradientsTest {
    static final int N = 60;
    static final int PARTITIONS = 3;

    static List<Double> data() {
        INDArray x = Rng.of(21).normal(DataType.DOUBLE, N).addi(1.5);
        List<Double> out = new ArrayList<>();
        for (double v : x.toDoubleVector()) {
            out.add(v);
        }
        return out;
    }

    static JavaRDD<Double> rdd() {
        return LocalSpark.context().parallelize(data(), PARTITIONS);
    }

    /**
     * Step 5 of a run with minibatches of 16 of 60 records in 3 partitions (20 each). The reference
     * is computed in this process from the definition: for each partition \(p\), its share of
     * {@link MinibatchIndices#indices}, the library's ELBO with scale \(N/m_p\) and key
     * {@code Rng.of(seed).fold(step).fold(p).fold(0)}, weighted by \(m_p/m\), summed.
     */
    @Test
    void distributedGradientEqualsTheSingleProcessGradientWithTheSameKeys() {
        long seed = 7, step = 5;
        int m = 16;
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(rdd(), NormalMeanReplica.elboFactory(), m, 3)) {
            Params params = g.params();
            double value = g.estimateInto(step, Rng.of(seed).fold(step), params, -1.0);
            double[] grad = params.flatGrads().toDoubleVector();

            Params ref = new NormalMeanReplica(false).params();
            List<Double> x = data();
            int[] batch = new MinibatchIndices(N, m, 3).indices(step);
            double[] refGrad = new double[2];
            double refValue = 0;
            int shares = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                List<Double> rows = new ArrayList<>();
                for (int i : batch) {
                    if (i / 20 == p) {
                        rows.add(x.get(i));
                    }
                }
                if (rows.isEmpty()) {
                    continue;
                }
                shares++;
                double w = (double) rows.size() / m;
                Rng key = Rng.of(seed).fold(step).fold(p).fold(0);
                refValue += w * NormalMeanReplica.elbo(ref, (double) N / rows.size())
                        .gradEstimateInto(key, NormalMeanReplica.rows(rows), ref, -w);
                double[] gp = ref.flatGrads().toDoubleVector();
                refGrad[0] += gp[0];
                refGrad[1] += gp[1];
            }
            assertTrue(shares >= 2, "the minibatch should span several partitions");
            assertEquals(refValue, value, 1e-6 * Math.abs(refValue), "objective value");
            double scale = Math.max(Math.abs(refGrad[0]), Math.abs(refGrad[1]));
            assertArrayEquals(refGrad, grad, 1e-6 * scale, "gradient");
        }
    }

    /**
     * With no random choices the distributed estimate is the single-process trainer's estimate on
     * the same minibatch ({@link Minibatches} with the same seed, scale \(N/m\)), whatever the
     * partitioning: the global term is counted once and each data term with scale \(N/m\).
     */
    @Test
    void withoutRandomChoicesTheSumIsTheFullMinibatchEstimate() {
        int m = 16;
        long step = 9;
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(rdd(), NormalMeanReplica.mapFactory(), m, 3)) {
            double value = g.estimateInto(step, Rng.of(1).fold(step), g.params(), -1.0);
            double[] grad = g.params().flatGrads().toDoubleVector();

            Params ref = new NormalMeanReplica(true).params();
            Minibatches single = new Minibatches(Nd4j.createFromArray(data().stream().mapToDouble(d -> d).toArray()), m, 3);
            Minibatch b = single.batch(step);
            double refValue = NormalMeanReplica.map(ref, b.scale()).gradEstimateInto(Rng.of(1).fold(step), b.rows(), ref, -1.0);
            assertEquals(refValue, value, 1e-9 * Math.abs(refValue));
            assertArrayEquals(ref.flatGrads().toDoubleVector(), grad, 1e-9 * Math.abs(refValue));
        }
    }
}
