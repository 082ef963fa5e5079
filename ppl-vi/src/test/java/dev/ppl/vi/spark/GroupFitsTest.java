package dev.ppl.vi.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * 100 conjugate problems fitted in {@code mapPartitions} against their closed forms. Group
 * \(g\) has \(n_g \in [4, 19]\) points \(x_{gi} \sim N(\mu_g, 1)\), prior \(z \sim N(0, 1)\), so the
 * posterior is \(N(\bar\mu_g, \sigma_g^2)\) with \(\sigma_g^2 = 1/(n_g + 1)\),
 * \(\bar\mu_g = \sum_i x_{gi}/(n_g+1)\), and the evidence is
 * \(\log p(x_g) = -\tfrac{n_g}{2}\log 2\pi - \tfrac12 \log(n_g+1) - \tfrac12(\sum x^2 - (\sum x)^2/(n_g+1))\).
 * The guide \(N(m, (e^{s})^2)\) (the test replica's {@code m, s}) contains the posterior.
 */
class GroupFitsTest {
    static final int GROUPS = 100;

    /**
     * Tolerances from the closed form: the fitted mean within 0.25 posterior sd and the fitted sd
     * within 15% of the posterior sd (the tolerances of TrainerConvergenceTest, whose
     * justification holds here: Adam with the last half of the iterates averaged; 400 steps of
     * Adam(0.05) from m = 0.3, s = -0.5, the last 250 averaged); and the reported bound, whose expectation at the
     * fitted guide \(q\) is exactly \(\log p(x_g) - \mathrm{KL}(q \,\|\, p(z \mid x_g))\) with the KL of
     * two normals in closed form, within 4 of its standard errors of that value.
     */
    @Test
    void hundredConjugateProblemsMatchTheirClosedFormPosteriors() {
        List<Tuple2<String, Double>> records = new ArrayList<>();
        Map<String, double[]> byGroup = new HashMap<>();
        for (int g = 0; g < GROUPS; g++) {
            int n = 4 + g % 16;
            double mu = Rng.of(100 + g).normal(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1).getDouble(0);
            double[] x = Rng.of(200 + g).normal(org.nd4j.linalg.api.buffer.DataType.DOUBLE, n).addi(mu).toDoubleVector();
            byGroup.put("g" + g, x);
            for (double v : x) {
                records.add(new Tuple2<>("g" + g, v));
            }
        }
        SparkSession spark = SparkSession.builder().config(LocalSpark.context().getConf()).getOrCreate();
        GroupModel<Double, INDArray> model = (group, xs) -> {
            NormalMeanReplica r = new NormalMeanReplica(false);
            return new GroupProblem<>(r.params(), NormalMeanReplica.elbo(r.params(), 1.0), NormalMeanReplica.rows(xs));
        };
        GroupFitSettings settings = new GroupFitSettings(400, 0.05, 250, 50, 3);
        List<Row> rows = GroupFits.fit(spark, LocalSpark.context().parallelizePairs(records, 4).mapToPair(t -> t), model, settings)
                .collectAsList();
        assertEquals(GROUPS, rows.size());
        double worstMean = 0, worstSd = 0, worstBound = 0;
        for (Row row : rows) {
            GroupFit f = GroupFits.fromRow(row);
            double[] x = byGroup.get(f.group());
            int n = x.length;
            double sum = 0, sq = 0;
            for (double v : x) {
                sum += v;
                sq += v * v;
            }
            double postMean = sum / (n + 1), postSd = 1 / Math.sqrt(n + 1);
            double logEvidence = -0.5 * n * Math.log(2 * Math.PI) - 0.5 * Math.log(n + 1) - 0.5 * (sq - sum * sum / (n + 1));
            double m = f.parameter("m")[0], sd = Math.exp(f.parameter("s")[0]);
            double kl = Math.log(postSd / sd) + (sd * sd + (m - postMean) * (m - postMean)) / (2 * postSd * postSd) - 0.5;
            assertEquals(n, f.records());
            worstMean = Math.max(worstMean, Math.abs(m - postMean) / postSd);
            worstSd = Math.max(worstSd, Math.abs(sd / postSd - 1));
            worstBound = Math.max(worstBound, Math.abs(f.bound() - (logEvidence - kl)) / f.boundStdError());
            assertTrue(f.boundStdError() > 0, f.group());
        }
        System.out.printf("GroupFitsTest: worst |m - mean|/sd %.3f, worst |sd ratio - 1| %.3f, worst bound error %.2f se%n",
                worstMean, worstSd, worstBound);
        assertTrue(worstMean <= 0.25, "fitted mean off by " + worstMean + " posterior sd");
        assertTrue(worstSd <= 0.15, "fitted sd off by " + worstSd);
        assertTrue(worstBound <= 4, "bound off by " + worstBound + " standard errors");
    }
}
