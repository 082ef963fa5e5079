package dev.ppl.vi.predictive;

import dev.ppl.autodiff.Shapes;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.Unvisited;
import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Posterior predictive sampling, as Pyro's and NumPyro's {@code Predictive}. Given a model
 * \(p(x, y; a)\) over latent choices \(x\) and the other choices \(y\) (the observed sites among
 * them), and either a guide \(q(x; a)\) or posterior samples \(x^{(1)}, \dots, x^{(N)}\), it draws
 * \[ x^{(s)} \sim q(\cdot\,; a) \ \text{(or the given } x^{(s)}\text{)}, \qquad
 *    y^{(s)} \sim p(y \mid x^{(s)}; a), \qquad s = 1, \dots, N, \]
 * independently over \(s\): joint samples of \(\int p(y \mid x)\,q(x)\,dx\), the posterior predictive
 * when \(q\) is the posterior. Observed sites are <em>not</em> held at their data: they are drawn
 * anew, which is what a posterior predictive check compares with the data. The latents are the
 * guide's choices (or the samples' addresses); every other choice of the model is drawn from the
 * model given them.
 *
 * <p>The result is a choice map over the returned sites (default: every choice of the model,
 * latents included) whose values have a leading sample dim: {@code [N, ...site shape]}, where a
 * site's shape is its shape in one ordinary run of the model.
 *
 * <p><b>Vectorization.</b> By default all \(N\) draws are made in one run of guide and model
 * inside the particle plate of the dimensions contract (rule 5; {@link dev.ppl.vi.Expectation#particles}),
 * placed left of every batch dim that one run of the model or guide has. This needs broadcast-safe
 * code (negative dims, no {@code item()} of a drawn value) and functions written with
 * {@code Gen.fn} / {@code Plate.of}. One ordinary run of the model (and of the guide) comes first, to
 * find the site shapes and check the input. {@link #inSequence()} instead loops over \(s\), draw
 * \(s\) with the key {@code key.fold(s)}, through the Generative Function Interface (any generative
 * function, any code, \(N\) runs); it is also used, automatically, for \(N = 1\), for functions
 * the engine cannot run (combinators), for choices with batch dims that no plate owns (joint
 * choices, which the engine refuses beside vectorized particles) and where no choice is left to
 * draw (every model choice given as a sample). The two modes give different numbers for the same key,
 * each reproducible: the same key and arguments give the same draws.
 *
 * <p>Instances are immutable; the option methods return new ones.
 *
 * @param <A> the argument type of the model (and of the guide)
 */
public final class Predictive<A> {
    private final GenerativeFunction<A, ?> model;
    private final GenerativeFunction<A, ?> guide;
    private final PosteriorSamples samples;
    private final int n;
    private final Selection selection;
    private final List<Address> named;
    private final boolean inSequence;

    private Predictive(GenerativeFunction<A, ?> model, GenerativeFunction<A, ?> guide, PosteriorSamples samples, int n,
            Selection selection, List<Address> named, boolean inSequence) {
        this.model = model;
        this.guide = guide;
        this.samples = samples;
        this.n = n;
        this.selection = selection;
        this.named = named;
        this.inSequence = inSequence;
    }

    /** Latents from {@code guide} \(q(x; a)\), the rest from {@code model}; set {@link #numSamples}. */
    public static <A> Predictive<A> fromGuide(GenerativeFunction<A, ?> model, GenerativeFunction<A, ?> guide) {
        Objects.requireNonNull(model, "Predictive: model");
        Objects.requireNonNull(guide, "Predictive: guide");
        return new Predictive<>(model, guide, null, -1, Selection.all(), null, false);
    }

    /**
     * Latents from {@code posteriorSamples} (e.g. from importance resampling or MCMC): a choice map
     * of latent sites, each of shape {@code [N, ...site shape]} with one \(N\) for all; \(N\) is
     * the number of draws.
     *
     * @throws IllegalArgumentException if the map is empty, holds a scalar, or its leading dims differ
     *         (naming every address and shape)
     */
    public static <A> Predictive<A> fromSamples(GenerativeFunction<A, ?> model, ChoiceMap posteriorSamples) {
        Objects.requireNonNull(model, "Predictive: model");
        PosteriorSamples s = PosteriorSamples.of(posteriorSamples);
        if (s.count() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Predictive: " + s.count() + " posterior samples; at most " + Integer.MAX_VALUE);
        }
        return new Predictive<>(model, null, s, (int) s.count(), Selection.all(), null, false);
    }

    /**
     * The number of draws \(N \ge 1\). With posterior samples it must equal their leading dim.
     *
     * @throws IllegalArgumentException if {@code n < 1} or it differs from the samples' \(N\)
     */
    public Predictive<A> numSamples(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Predictive: numSamples needs N >= 1, got " + n);
        }
        if (samples != null && n != samples.count()) {
            throw new IllegalArgumentException("Predictive: numSamples(" + n + ") but the posterior samples hold "
                    + samples.count() + " (their leading dim); drop numSamples or give " + n + " samples");
        }
        return new Predictive<>(model, guide, samples, n, selection, named, inSequence);
    }

    /**
     * Returns only the model's choices in {@code sites} (a selection matching no choice of the
     * model is an error when sampling).
     */
    public Predictive<A> returnSites(Selection sites) {
        Objects.requireNonNull(sites, "Predictive: returnSites selection");
        return new Predictive<>(model, guide, samples, n, sites, null, inSequence);
    }

    /**
     * Returns only the choices at or below {@code addresses}; each must match a choice of the
     * model (checked when sampling, naming it and the closest choice).
     */
    public Predictive<A> returnSites(String... addresses) {
        List<Address> parsed = Arrays.stream(addresses).map(Address::parse).toList();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("Predictive: returnSites() names no address; give at least one");
        }
        return new Predictive<>(model, guide, samples, n, Selection.of(addresses), parsed, inSequence);
    }

    /** Draws one sample at a time (key {@code key.fold(s)} for draw \(s\)) instead of one vectorized run. */
    public Predictive<A> inSequence() {
        return new Predictive<>(model, guide, samples, n, selection, named, true);
    }

    /**
     * \(N\) joint draws of the returned sites, each value of shape {@code [N, ...site shape]}.
     * Reproducible: the same {@code key} and {@code args} give the same numbers.
     *
     * @throws IllegalArgumentException if {@link #numSamples} was not set for a guide; if the guide
     *         or the samples hold an address the model has no choice at, or a value of another
     *         shape than the model's site; if the returned sites match no choice of the model
     * @throws IllegalStateException if a site's draws cannot be stacked (stochastic structure) or
     *         the model does not broadcast over the particle dim (use {@link #inSequence()})
     */
    public ChoiceMap sample(Rng key, A args) {
        Objects.requireNonNull(key, "Predictive: key");
        if (n < 1) {
            throw new IllegalArgumentException("Predictive: the number of draws is not set; call numSamples(N) with N >= 1");
        }
        Rng first = key.fold(0x5eed0f5a3e5L);
        SiteLayout layout = SiteLayout.of(model.simulate(first.fold(0), args));
        SiteLayout guideLayout = null;
        List<Address> latents;
        if (guide != null) {
            Trace<A, ?> q = guide.simulate(first.fold(1), args);
            guideLayout = SiteLayout.of(q);
            checkGuide(q.choices(), layout);
            latents = q.choices().addresses();
        } else {
            samples.checkAgainst(layout, model.name());
            latents = samples.all().addresses();
        }
        List<Address> returned = returned(layout);
        boolean vectorizable = vectorizable(layout) && (guideLayout == null || vectorizable(guideLayout));
        if (inSequence || n == 1 || !vectorizable || !VectorizedDraw.hasFreeChoice(layout, guideLayout, latents)) {
            return SequentialDraw.draw(model, guide, samples, n, layout, returned, key, args);
        }
        int depth = Math.max(layout.depth(), guideLayout == null ? 0 : guideLayout.depth());
        return VectorizedDraw.draw(model, guide, samples, n, layout, depth, returned, key, args);
    }

    private static boolean vectorizable(SiteLayout layout) {
        return layout.dynamic() && !layout.jointDims();
    }

    /** Every guide choice must be a model choice of the same shape. */
    private void checkGuide(ChoiceMap q, SiteLayout layout) {
        for (Address a : q.addresses()) {
            if (!layout.has(a)) {
                throw new IllegalArgumentException("Predictive: guide '" + guide.name() + "' has a choice at '" + a
                        + "', which model '" + model.name() + "' has no choice at; the guide's choices must be latent choices "
                        + "of the model; model choices: " + layout.addresses());
            }
            if (!Arrays.equals(q.get(a).shape(), layout.shape(a))) {
                throw new IllegalArgumentException("Predictive: guide '" + guide.name() + "' draws '" + a + "' of shape "
                        + Shapes.str(q.get(a).shape()) + ", but model '" + model.name() + "' has shape "
                        + Shapes.str(layout.shape(a)) + " there");
            }
        }
    }

    /** The model's choices to return, checked against the requested sites. */
    private List<Address> returned(SiteLayout layout) {
        List<Address> all = layout.addresses();
        if (named != null) {
            for (Address a : named) {
                if (all.stream().noneMatch(a::isPrefixOf)) {
                    String hint = Unvisited.builder().visited(all).build().suggestion(a)
                            .map(s -> " (did you mean '" + s + "'?)").orElse("");
                    throw new IllegalArgumentException("Predictive: returnSites names '" + a + "', which is no choice of model '"
                            + model.name() + "' (nor above one)" + hint + "; its choices: " + all);
                }
            }
        }
        List<Address> out = new ArrayList<>();
        for (Address a : all) {
            if (selection.contains(a)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Predictive: the returnSites selection matches no choice of model '"
                    + model.name() + "'; its choices: " + all);
        }
        return out;
    }
}
