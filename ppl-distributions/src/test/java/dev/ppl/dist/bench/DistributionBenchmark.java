package dev.ppl.dist.bench;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Beta;
import dev.ppl.dist.continuous.Dirichlet;
import dev.ppl.dist.continuous.Gamma;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.continuous.StudentT;
import dev.ppl.dist.discrete.Bernoulli;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of sampling and scoring a batch of \(10^5\) values (float32) per family: median time of
 * {@code sample}, of {@code logDensity} and of a reparameterized draw plus the reverse pass of
 * its log density, in milliseconds and millions of values per second. Run with
 * {@code mvn -B -q -pl ppl-distributions test-compile exec:exec@bench}.
 */
public final class DistributionBenchmark {
    private static final int N = 100_000;

    private DistributionBenchmark() {}

    private static Var full(double v) {
        return Var.param(Nd4j.valueArrayOf(new long[] {N}, v, DataType.FLOAT));
    }

    /** The families measured, each built from fresh float32 parameters of batch size N. */
    static Map<String, Function<Void, Distribution<Var>>> families() {
        Map<String, Function<Void, Distribution<Var>>> f = new LinkedHashMap<>();
        f.put("Normal", v -> Normal.of(full(0.5), full(1.5)));
        f.put("Bernoulli(logits)", v -> Bernoulli.ofLogits(full(0.3)));
        f.put("Gamma", v -> Gamma.of(full(2.5), full(1.5)));
        f.put("Beta", v -> Beta.of(full(2.0), full(3.0)));
        f.put("StudentT", v -> StudentT.of(full(5.0), full(0.0), full(1.0)));
        f.put("LogNormal", v -> dev.ppl.dist.continuous.LogNormal.of(full(0.0), full(0.5)));
        f.put("Uniform", v -> dev.ppl.dist.continuous.Uniform.of(full(-1.0), full(2.0)));
        f.put("Exponential", v -> dev.ppl.dist.continuous.Exponential.of(full(1.5)));
        f.put("Laplace", v -> dev.ppl.dist.continuous.Laplace.of(full(0.0), full(1.0)));
        f.put("Cauchy", v -> dev.ppl.dist.continuous.Cauchy.of(full(0.0), full(1.0)));
        f.put("Poisson", v -> dev.ppl.dist.discrete.Poisson.of(full(3.0)));
        f.put("Geometric", v -> dev.ppl.dist.discrete.Geometric.ofProbs(full(0.3)));
        f.put("Binomial(n=10)", v -> dev.ppl.dist.discrete.Binomial.ofProbs(Var.constant(Nd4j.scalar(DataType.FLOAT, 10)), full(0.3)));
        f.put("Categorical(K=4, 25000 rows)", v -> dev.ppl.dist.discrete.Categorical.ofLogits(
                Var.param(Nd4j.valueArrayOf(new long[] {N / 4, 4}, 0.5, DataType.FLOAT))));
        f.put("RelaxedBernoulli(t=0.5)", v -> dev.ppl.dist.continuous.RelaxedBernoulli.ofLogits(0.5, full(0.3)));
        f.put("DiagonalNormal(d=4, 25000 rows)", v -> dev.ppl.dist.continuous.DiagonalNormal.of(
                Var.param(Nd4j.zeros(DataType.FLOAT, N / 4, 4)), Var.param(Nd4j.ones(DataType.FLOAT, N / 4, 4))));
        f.put("Dirichlet(K=4, 25000 rows)", v -> Dirichlet.of(Var.param(Nd4j.valueArrayOf(new long[] {N / 4, 4}, 1.5, DataType.FLOAT))));
        return f;
    }

    /** Entry point; {@code --quick} for a smoke run. */
    public static void main(String[] args) {
        int reps = args.length > 0 && args[0].equals("--quick") ? 3 : 15;
        System.out.printf("batch %d float32 values; median of %d runs%n", N, reps);
        System.out.printf("%-28s %10s %10s %10s %14s%n", "family", "sample ms", "logp ms", "rsample+bw", "Mvalues/s (s+lp)");
        for (Map.Entry<String, Function<Void, Distribution<Var>>> e : families().entrySet()) {
            Distribution<Var> d = e.getValue().apply(null);
            Rng rng = Rng.of(1);
            INDArray x = d.sample(rng).value();
            double sample = median(reps, () -> d.sample(rng));
            double score = median(reps, () -> d.logDensity(Var.constant(x)).value().sumNumber());
            double pathwise = d.hasReparam() ? median(reps, () -> {
                Var v = d.reparamSample(rng).value();
                dev.ppl.autodiff.Grad.grad(d.logDensity(v).sum(), v);
            }) : Double.NaN;
            System.out.printf("%-28s %10.2f %10.2f %10s %14.1f%n", e.getKey(), sample, score,
                    Double.isNaN(pathwise) ? "-" : String.format("%.2f", pathwise), N / ((sample + score) * 1e3));
        }
    }

    private static double median(int reps, Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[reps / 2];
    }
}
