package dev.ppl.core.howto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.core.GenContext;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.dynamic.DynamicFunction;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.continuous.Normal;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The example of docs/how-to/custom-handler.md: a handler that runs a model at its means. */
class MeanHandlerHowToTest {
    /** Every choice takes its distribution's mean; calls to dynamic functions run under this handler too. */
    static final class MeanHandler implements GenContext {
        @Override
        public Var sample(String address, Distribution<Var> dist) {
            return dist.mean();
        }

        @Override
        public <A, R> R call(String address, GenerativeFunction<A, R> fn, A args) {
            if (fn instanceof DynamicFunction<A, R> dyn) {
                return dyn.run(this, args);
            }
            throw new IllegalArgumentException("MeanHandler: cannot run '" + fn.name() + "' at '" + address + "'");
        }
    }

    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    @Test
    void theSameModelRunsUnderAUserHandler() {
        DynamicFunction<Var, Var> inner = Gen.fn("inner", (ctx, z) -> ctx.sample("w", Normal.of(z.mul(2.0), c(1))));
        DynamicFunction<Double, Var> model = Gen.fn("model", (ctx, x) -> {
            Var z = ctx.sample("z", Normal.of(c(1.5), c(1)));
            Var w = ctx.call("sub", inner, z);
            return ctx.sample("y", Normal.of(w.add(x), c(0.1)));
        });
        assertEquals(3.0 + 0.25, model.run(new MeanHandler(), 0.25).item(), 1e-12);
    }
}
