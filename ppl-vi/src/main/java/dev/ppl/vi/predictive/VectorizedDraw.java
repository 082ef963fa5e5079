package dev.ppl.vi.predictive;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.strategy.Strategies;
import java.util.Collection;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All \(N\) predictive draws in <em>one</em> run of guide and model, inside the particle plate of
 * the dimensions contract (rule 5): an objective program that simulates the guide (or takes the
 * given samples, laid out on the particle dim) and generates the model constrained to those
 * latents, run by {@link Expectation#particles} with every choice drawn by
 * {@link Strategies#SAMPLE_ONLY} (no gradient paths, no score terms) and the plate nesting
 * declared, so the particle plate owns dim \(-(W + 1)\), left of the \(W\) plates nesting
 * deepest ({@link SiteLayout}). Each returned site is then reshaped from
 * {@code [N, 1, ..., 1, site shape]} to {@code [N, site shape]}.
 */
final class VectorizedDraw {
    private VectorizedDraw() {}

    static <A> ChoiceMap draw(GenerativeFunction<A, ?> model, GenerativeFunction<A, ?> guide, PosteriorSamples samples,
            int n, SiteLayout layout, int depth, List<Address> returned, Rng key, A args) {
        ChoiceMap given = samples == null ? null : samples.inParticlePlate(layout, depth);
        ChoiceMap[] out = new ChoiceMap[1];
        Expectation.<A>of((ctx, a) -> {
            ChoiceMap latents = guide != null ? ctx.simulate("guide", guide, a).choices() : given;
            out[0] = ctx.generate("model", model, latents, a).trace().choices();
            return Var.constant(Nd4j.scalar(0.0));
        }).withStrategy(Selection.all(), Strategies.SAMPLE_ONLY).maxPlateNesting(depth).particles(n).surrogate(key, args);
        ChoiceMap.Builder b = ChoiceMap.builder();
        for (Address a : returned) {
            b.put(a, Var.constant(unpad(model.name(), a, out[0], layout.shape(a), n)));
        }
        return b.build();
    }

    /** The value at {@code a} as {@code [n, ...site]}. */
    private static INDArray unpad(String modelName, Address a, ChoiceMap drawn, long[] site, int n) {
        if (!drawn.has(a)) {
            throw new IllegalStateException("Predictive: model '" + modelName + "' made no choice at '" + a + "' in the "
                    + "vectorized run, though it did in a single run (stochastic structure); use inSequence()");
        }
        INDArray v = drawn.get(a).value();
        long[] shape = new long[site.length + 1];
        shape[0] = n;
        System.arraycopy(site, 0, shape, 1, site.length);
        if (v.length() != numel(shape) || v.rank() < 1 || v.shape()[0] != n) {
            throw new IllegalStateException("Predictive: the choice at '" + a + "' of model '" + modelName + "' has shape "
                    + Shapes.str(v.shape()) + " in the vectorized run, which is not " + Shapes.str(shape)
                    + " padded with size-1 dims; the model does not broadcast over a leading particle dim: use inSequence()");
        }
        return v.reshape('c', shape).dup();
    }

    private static long numel(long[] shape) {
        long m = 1;
        for (long d : shape) {
            m *= d;
        }
        return m;
    }

    /** Whether a run of the engine would make at least one random choice (else SAMPLE_ONLY matches nothing). */
    static boolean hasFreeChoice(SiteLayout model, SiteLayout guide, Collection<Address> latents) {
        if (guide != null && !guide.shapes().isEmpty()) {
            return true;
        }
        return model.shapes().keySet().stream().anyMatch(a -> !latents.contains(a));
    }
}
