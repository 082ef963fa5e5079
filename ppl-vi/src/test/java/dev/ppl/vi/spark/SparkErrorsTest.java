package dev.ppl.vi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Bad input fails before any step, with a message naming the thing and the value. */
class SparkErrorsTest {
    @Test
    void aFactoryCapturingParamsIsRefusedNamingTheClass() {
        dev.ppl.autodiff.nn.Params captured = new NormalMeanReplica(false).params();
        ReplicaFactory<Double, INDArray> f = () -> {
            captured.size();
            return new NormalMeanReplica(false);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkGradients.over(SparkGradientsTest.rdd(), f, 10, 1));
        assertTrue(e.getMessage().contains("not serializable") && e.getMessage().contains("dev.ppl.autodiff.nn.Params")
                && e.getMessage().contains(SparkErrorsTest.class.getName()), e.getMessage());
    }

    @Test
    void batchSizesOutsideOneToNAreRefused() {
        for (int m : new int[] {0, -3, 61}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkGradients.over(SparkGradientsTest.rdd(), NormalMeanReplica.elboFactory(), m, 1));
            assertTrue(e.getMessage().contains("batch size must be in [1, 60]") && e.getMessage().contains("got " + m),
                    e.getMessage());
        }
    }

    /** The single-process trainer's first-step coverage check, on the driver's replica. */
    @Test
    void aParameterTheObjectiveNeverReachesIsRefusedOnTheFirstStepUnlessAllowed() {
        ReplicaFactory<Double, INDArray> f = WithUnusedParameter::new;
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(SparkGradientsTest.rdd(), f, 16, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SparkTrainer.builder(g, new dev.ppl.autodiff.optim.Adam(1e-2)).seed(1).steps(2).build().train());
            assertTrue(e.getMessage().contains("no gradient path reaches parameter(s) 'unused'"), e.getMessage());
        }
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(SparkGradientsTest.rdd(), f, 16, 1).allowUntrainedParameters()) {
            SparkTrainer.builder(g, new dev.ppl.autodiff.optim.Adam(1e-2)).seed(1).steps(2).build().train();
            assertEquals(0.0, g.params().get("unused").value().getDouble(0), 0.0, "left at its initial value");
        }
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(SparkGradientsTest.rdd(), NormalMeanReplica.elboFactory(), 16, 1)) {
            SparkTrainer.builder(g, new dev.ppl.autodiff.optim.Adam(1e-2)).seed(1).steps(2).build().train();
        }
    }

    /** The stochastic ELBO replica with one more parameter, {@code unused} (a zero), that the objective never reads. */
    private static final class WithUnusedParameter implements Replica<Double, INDArray> {
        private final dev.ppl.autodiff.nn.Params params;

        WithUnusedParameter() {
            dev.ppl.autodiff.nn.Params.Builder b = dev.ppl.autodiff.nn.Params.builder(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 0);
            b.add("m", dev.ppl.autodiff.nn.Init.constant(0.3));
            b.add("s", dev.ppl.autodiff.nn.Init.constant(-0.5));
            b.add("unused", dev.ppl.autodiff.nn.Init.constant(0.0));
            this.params = b.build();
        }

        @Override public dev.ppl.autodiff.nn.Params params() { return params; }
        @Override public dev.ppl.vi.Expectation<INDArray> objective(int size, double scale) { return NormalMeanReplica.elbo(params, scale); }
        @Override public INDArray batch(List<Double> records, dev.ppl.dist.Rng key) { return NormalMeanReplica.rows(records); }
    }

    @Test
    void anEmptyDataSetIsRefused() {
        JavaRDD<Double> empty = LocalSpark.context().parallelize(List.<Double>of(), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkGradients.over(empty, NormalMeanReplica.elboFactory(), 1, 1));
        assertTrue(e.getMessage().contains("empty (2 partitions, 0 records)"), e.getMessage());
    }

    @Test
    void emptyPartitionsAreAllowed() {
        JavaRDD<Double> sparse = LocalSpark.context().parallelize(SparkGradientsTest.data(), 3)
                .union(LocalSpark.context().parallelize(List.<Double>of(), 2));
        try (SparkGradients<Double, INDArray> g = SparkGradients.over(sparse, NormalMeanReplica.mapFactory(), 16, 3)) {
            assertEquals(5, g.partitionSizes().length);
            assertEquals(60, g.records());
            assertTrue(Double.isFinite(g.estimateInto(0, dev.ppl.dist.Rng.of(1), g.params(), -1.0)));
        }
    }

    @Test
    void unknownMasterUrlsAreRefusedNamingTheUrl() {
        for (String bad : new String[] {"lokal[2]", "local[0]", "local[two]", "", "spark:/host"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkContexts.requireValidMaster(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        for (String good : new String[] {"local", "local[2]", "local[*]", "local[2,3]", "spark://h:7077", "yarn", "k8s://https://h:443"}) {
            assertEquals(good, SparkContexts.requireValidMaster(good));
        }
    }
}
