package dev.ppl.vi.train;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared test problem: data \(x_i \sim N(z, 1)\), \(i = 1..N\), prior \(z \sim N(0, 1)\), so the
 * posterior is \(N(\sum x_i / (N+1), 1/(N+1))\); guide \(z \sim N(m, e^{s})\) with float64
 * parameters {@code m, s}; objective the minibatch ELBO with the data term scaled by \(N/m\).
 */
final class ConjugateModel {
    final INDArray data;
    final Params params;
    final Expectation<Minibatch> elbo;

    ConjugateModel(int n, long dataSeed, double initM, double initS) {
        data = Rng.of(dataSeed).normal(DataType.DOUBLE, n).addi(1.5);
        Params.Builder b = Params.builder(DataType.DOUBLE, 0);
        b.add("m", Init.constant(initM));
        b.add("s", Init.constant(initS));
        params = b.build();
        Var m = params.get("m"), s = params.get("s");
        GenerativeFunction<Void, Var> guide = Gen.fn("guide", params.vars(),
                (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
        GenerativeFunction<Void, Var> prior = Gen.fn("prior",
                (ctx, a) -> ctx.sample("z", Normal.of(0.0, 1.0)));
        elbo = Expectation.of((ctx, batch) -> {
            Trace<Void, Var> q = ctx.simulate(guide, null);
            Var z = q.retval();
            Var logLik = Normal.of(z, Var.constant(Nd4j.scalar(1.0)))
                    .logDensity(Var.constant(batch.rows())).sum().mul(batch.scale());
            return ctx.density(prior, q.choices(), null).add(logLik).sub(q.score());
        });
    }

    double posteriorMean() {
        return data.sumNumber().doubleValue() / (data.length() + 1);
    }

    double posteriorSd() {
        return 1 / Math.sqrt(data.length() + 1);
    }

    double[] flat() {
        return params.flatValues().toDoubleVector();
    }
}
