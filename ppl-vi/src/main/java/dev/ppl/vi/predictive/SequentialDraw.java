package dev.ppl.vi.predictive;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.dist.Rng;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The \(N\) predictive draws one at a time through the Generative Function Interface: draw
 * \(s\) uses the key {@code key.fold(s)}, split into a guide key and a model key; the latents are
 * \(x^{(s)} \sim q\) ({@link GenerativeFunction#simulate} of the guide) or the given sample \(s\),
 * and the model is run by {@link GenerativeFunction#generate} constrained to them, so every other
 * choice is drawn from \(p(\cdot \mid x^{(s)})\). Works for any generative function (combinators
 * included) and any model code; costs \(N\) runs.
 */
final class SequentialDraw {
    private SequentialDraw() {}

    static <A> ChoiceMap draw(GenerativeFunction<A, ?> model, GenerativeFunction<A, ?> guide, PosteriorSamples samples,
            int n, SiteLayout layout, List<Address> returned, Rng key, A args) {
        Var[][] out = new Var[returned.size()][n];
        for (int s = 0; s < n; s++) {
            Rng[] k = key.fold(s).split(2);
            ChoiceMap latents = guide != null ? guide.simulate(k[0], args).choices() : samples.sample(s);
            ChoiceMap drawn = model.generate(k[1], latents, args).trace().choices();
            for (int j = 0; j < out.length; j++) {
                Address a = returned.get(j);
                out[j][s] = Var.constant(value(model.name(), drawn, a, layout.shape(a), s));
            }
        }
        ChoiceMap.Builder b = ChoiceMap.builder();
        for (int j = 0; j < out.length; j++) {
            b.put(returned.get(j), Var.constant(Var.stack(0, out[j]).value()));
        }
        return b.build();
    }

    /** The value of draw {@code s} at {@code a}, checked to have the site's shape. */
    private static INDArray value(String modelName, ChoiceMap drawn, Address a, long[] site, int s) {
        if (!drawn.has(a)) {
            throw new IllegalStateException("Predictive: model '" + modelName + "' made no choice at '" + a + "' in draw " + s
                    + " (stochastic structure); return only the sites every run makes, with returnSites(...)");
        }
        INDArray v = drawn.get(a).value();
        if (!Arrays.equals(v.shape(), site)) {
            throw new IllegalStateException("Predictive: the choice at '" + a + "' of model '" + modelName + "' has shape "
                    + Shapes.str(v.shape()) + " in draw " + s + " but " + Shapes.str(site) + " in the first run; draws of "
                    + "different shapes cannot be stacked: return other sites with returnSites(...)");
        }
        return v;
    }
}
