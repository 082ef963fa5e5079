package dev.ppl.core.badinput;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.MapCombinator;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.continuous.Normal;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A generative function the bad-input suite feeds malformed input to: {@code leaf} is the full
 * address of a scalar Normal choice it makes, {@code call} the address of a call it makes (a
 * namespace that holds no value), and {@code other} a function of the same argument type whose
 * traces it must refuse.
 */
record Subject(String label, GenerativeFunction<Object, Object> f, Object args, Address leaf, Address call,
        GenerativeFunction<Object, Object> other) {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Var, Var> INNER = Gen.fn("inner", (ctx, z) -> ctx.sample("w", Normal.of(z, c(1))));

    /** {@code z ~ N(0,1); w ~ inner(z) at sub; y ~ N(z + w, 0.5)}. */
    static final GenerativeFunction<Double, Var> MODEL = Gen.fn("model", (ctx, x) -> {
        Var z = ctx.sample("z", Normal.of(c(0), c(1)));
        Var w = ctx.call("sub", INNER, z);
        return ctx.sample("y", Normal.of(z.mul(x).add(w), c(0.5)));
    });
    static final GenerativeFunction<Double, Var> OTHER_MODEL = Gen.fn("otherModel", (ctx, x) ->
            ctx.sample("y", Normal.of(c(x), c(1))));

    static final GenerativeFunction<Double, Var> KERNEL = Gen.fn("kernel", (ctx, x) -> ctx.sample("y", Normal.of(c(x), c(1))));
    static final GenerativeFunction<Double, Var> OTHER_KERNEL = Gen.fn("otherKernel", (ctx, x) ->
            ctx.sample("y", Normal.of(c(x), c(2))));
    static final MapCombinator<Double, Var> MAP = MapCombinator.of(KERNEL);

    static final GenerativeFunction<Unfold.Step<Var>, Var> STEP = Gen.fn("step", (ctx, s) ->
            ctx.sample("y", Normal.of(s.state(), c(1))));
    static final GenerativeFunction<Unfold.Step<Var>, Var> OTHER_STEP = Gen.fn("otherStep", (ctx, s) ->
            ctx.sample("y", Normal.of(s.state(), c(2))));

    /** A dynamic function that calls the map at {@code xs}: the map's addresses nest under it. */
    static final GenerativeFunction<Double, List<Var>> OUTER = Gen.fn("outer", (ctx, shift) ->
            ctx.call("xs", MAP, List.of(shift, shift + 1)));
    static final GenerativeFunction<Double, List<Var>> OTHER_OUTER = Gen.fn("otherOuter", (ctx, shift) ->
            ctx.call("xs", MAP, List.of(shift)));

    @SuppressWarnings("unchecked")
    private static GenerativeFunction<Object, Object> any(GenerativeFunction<?, ?> f) {
        return (GenerativeFunction<Object, Object>) f;
    }

    private static Subject of(String label, GenerativeFunction<?, ?> f, Object args, String leaf, String call,
            GenerativeFunction<?, ?> other) {
        return new Subject(label, any(f), args, Address.parse(leaf), Address.parse(call), any(other));
    }

    /** One function of each kind: dynamic (a top-level and a nested choice), map, unfold, and a map inside a dynamic function. */
    static List<Subject> all() {
        return List.of(
                of("dynamic", MODEL, 2.0, "y", "sub", OTHER_MODEL),
                of("dynamic, nested choice", MODEL, 2.0, "sub/w", "sub", OTHER_MODEL),
                of("map", MAP, List.of(0.5, -1.0), "1/y", "1", MapCombinator.of(OTHER_KERNEL)),
                of("unfold", Unfold.of(STEP, 3), c(0.3), "1/y", "1", Unfold.of(OTHER_STEP, 3)),
                of("map in dynamic", OUTER, 0.5, "xs/1/y", "xs/1", OTHER_OUTER));
    }

    @Override
    public String toString() {
        return label;
    }
}
