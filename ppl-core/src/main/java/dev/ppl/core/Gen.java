package dev.ppl.core;

import dev.ppl.autodiff.Var;
import dev.ppl.core.dynamic.DynamicFunction;
import java.util.List;

/**
 * Entry point of the dynamic modeling language: a generative function is a Java lambda over a
 * {@link GenContext} and the arguments.
 *
 * <pre>{@code
 * GenerativeFunction<Var, Var> model = Gen.fn("model", (ctx, x) -> {
 *     Var z = ctx.sample("z", Normal.of(zero, one));
 *     return ctx.sample("y", Normal.of(z.mul(x), one));
 * });
 * }</pre>
 */
public final class Gen {
    private Gen() {}

    /** A generative function named {@code name} with body {@code body}. */
    public static <A, R> DynamicFunction<A, R> fn(String name, DynamicFunction.Body<A, R> body) {
        return new DynamicFunction<>(name, List.of(), body);
    }

    /** A generative function that owns trainable {@code params} (e.g. its networks' weights). */
    public static <A, R> DynamicFunction<A, R> fn(String name, List<Var> params, DynamicFunction.Body<A, R> body) {
        return new DynamicFunction<>(name, params, body);
    }
}
