package dev.ppl.vi.spark;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The test model, one global latent and a data plate: \(z \sim N(0, 1)\), \(x_i \sim N(z, 1)\),
 * guide \(N(m, (e^{s})^2)\) with float64 parameters {@code m, s}. Two objectives:
 * <ul>
 *   <li>{@link #elbo}: \(\log p(z) + c \sum_{i \in B} \log N(x_i; z, 1) - \log q(z)\), \(z \sim q\),
 *       data term scaled by \(c\) (stochastic, one global draw);</li>
 *   <li>{@link #map}: the same with \(z = m\) and no guide term (no random choice): an exactly
 *       computable, deterministic objective for exact comparisons.</li>
 * </ul>
 * The records are the \(x_i\) as {@code Double}s.
 */
final class NormalMeanReplica implements Replica<Double, INDArray> {
    private final Params params;
    private final boolean deterministic;

    NormalMeanReplica(boolean deterministic) {
        Params.Builder b = Params.builder(DataType.DOUBLE, 0);
        b.add("m", Init.constant(0.3));
        b.add("s", Init.constant(-0.5));
        this.params = b.build();
        this.deterministic = deterministic;
    }

    /** The serializable factory of the stochastic-ELBO replica. */
    static ReplicaFactory<Double, INDArray> elboFactory() {
        return () -> new NormalMeanReplica(false);
    }

    /** The serializable factory of the deterministic (MAP) replica. */
    static ReplicaFactory<Double, INDArray> mapFactory() {
        return () -> new NormalMeanReplica(true);
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public Expectation<INDArray> objective(int size, double scale) {
        return deterministic ? map(params, scale) : elbo(params, scale);
    }

    @Override
    public INDArray batch(List<Double> records, Rng key) {
        return rows(records);
    }

    static INDArray rows(List<Double> records) {
        double[] x = new double[records.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = records.get(i);
        }
        return Nd4j.createFromArray(x);
    }

    static Expectation<INDArray> elbo(Params params, double scale) {
        Var m = params.get("m"), s = params.get("s");
        GenerativeFunction<Void, Var> guide = Gen.fn("guide", params.vars(), (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
        GenerativeFunction<Void, Var> prior = Gen.fn("prior", (ctx, a) -> ctx.sample("z", Normal.of(0.0, 1.0)));
        return Expectation.of((ctx, x) -> {
            Trace<Void, Var> q = ctx.simulate(guide, null);
            Var z = q.retval();
            Var logLik = Normal.of(z, Var.constant(Nd4j.scalar(1.0))).logDensity(Var.constant(x)).sum().mul(scale);
            return ctx.density(prior, q.choices(), null).add(logLik).sub(q.score());
        });
    }

    static Expectation<INDArray> map(Params params, double scale) {
        Var m = params.get("m"), s = params.get("s");
        return Expectation.of((ctx, x) -> {
            Var prior = Normal.of(0.0, 1.0).logDensity(m);
            Var logLik = Normal.of(m, Var.constant(Nd4j.scalar(1.0))).logDensity(Var.constant(x)).sum().mul(scale);
            return prior.add(logLik).add(s.mul(s).mul(-0.5));
        });
    }
}
