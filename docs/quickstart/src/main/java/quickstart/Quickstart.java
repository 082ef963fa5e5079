package quickstart;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.train.DataSource;
import dev.ppl.vi.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's quick start as a user's program: the model \(z \sim N(0, 1)\), \(y \sim N(z, 1)\)
 * with \(y = 2\) observed (exact posterior \(N(1, 1/2)\)), the guide \(N(m, e^{s})\), the
 * library's ELBO and its training loop.
 */
public final class Quickstart {
    private Quickstart() {}

    /** Trains the guide and returns its mean and standard deviation. */
    public static double[] fit(long seed) {
        Params.Builder b = Params.builder(DataType.DOUBLE, seed);
        b.add("m", Init.constant(0.0));
        b.add("s", Init.constant(0.0));
        Params params = b.build();
        Var m = params.get("m"), s = params.get("s");

        GenerativeFunction<Void, Var> model = Gen.fn("model", (ctx, a) -> {
            Var z = ctx.sample("z", Normal.of(0.0, 1.0));
            return ctx.sample("y", Normal.of(z, Var.constant(Nd4j.scalar(1.0))));
        });
        GenerativeFunction<Void, Var> guide = Gen.fn("guide", params.vars(), (ctx, a) -> ctx.sample("z", Normal.of(m, s.exp())));
        Expectation<Void> elbo = Objectives.elbo(VariationalProblem.of(model, guide, ChoiceMap.of("y", Nd4j.scalar(2.0))));

        Trainer.builder(elbo, DataSource.constant((Void) null), params, new Adam(0.01)).seed(seed).steps(2000).build().train();
        return new double[] {m.item(), Math.exp(s.item())};
    }

    /** Prints the fitted posterior next to the exact one. */
    public static void main(String[] args) {
        double[] fit = fit(1);
        System.out.printf("posterior mean %.3f (exact 1.000), sd %.3f (exact %.3f)%n", fit[0], fit[1], Math.sqrt(0.5));
    }
}
