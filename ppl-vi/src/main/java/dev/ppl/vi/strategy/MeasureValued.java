package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Independent;
import dev.ppl.dist.Rng;
import java.util.List;

/**
 * Measure-valued derivatives (Pflug 1989; Mohamed et al. 2020, section 6) with coupled
 * continuations: \(x \sim p_\theta\) is sampled and the continuation also runs at coupled
 * alternatives, one joint coordinate at a time (every plate element at once), by family:
 * {@link BernoulliMvd}, {@link CategoricalMvd}, {@link PoissonMvd}, {@link GeometricMvd}. A choice
 * with \(m\) joint coordinates needs \(1 + m\) continuations (\(1 + mK\) for a Categorical of
 * \(K\) categories); above {@link Strategies#MAX_MVD_COORDINATES} coordinates it is refused.
 */
public final class MeasureValued implements MultiShot {
    static final MeasureValued INSTANCE = new MeasureValued();
    private static final List<MvdRule> RULES = List.of(new BernoulliMvd(), new CategoricalMvd(), new PoissonMvd(),
            new GeometricMvd());

    private MeasureValued() {}

    @Override public String name() { return "MVD"; }

    private static Distribution<Var> family(Distribution<Var> dist) {
        return dist instanceof Independent i ? i.base() : dist;
    }

    private static MvdRule rule(Distribution<Var> dist) {
        Distribution<Var> base = family(dist);
        for (MvdRule r : RULES) {
            if (r.appliesTo(base)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public boolean appliesTo(Distribution<Var> dist) {
        return rule(dist) != null;
    }

    @Override
    public Fork fork(Distribution<Var> dist, ChoiceShape shape, Rng rng) {
        Var x = dist.sample(rng).stopGradient();
        return rule(dist).fork(family(dist), x, shape);
    }
}
