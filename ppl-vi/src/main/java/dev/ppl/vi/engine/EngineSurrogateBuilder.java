package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.SurrogateBuilder;

/** The engine as the {@link SurrogateBuilder} service: {@link SurrogateEngine#surrogate}. */
public final class EngineSurrogateBuilder implements SurrogateBuilder {
    /** For {@link java.util.ServiceLoader}. */
    public EngineSurrogateBuilder() {}

    @Override
    public <A> Var surrogate(Expectation<A> e, Rng rng, A args) {
        return SurrogateEngine.surrogate(e, rng, args);
    }
}
