package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.Rng;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.approx.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sequential Monte Carlo (a particle filter) for a state-space model written as an
 * {@link Unfold} \(s_{t+1} = k(t, s_t)\) conditioned on observations (a {@link Target} whose
 * observed choices lie under the steps' addresses {@code t/...}). With \(K\) particles, a
 * {@link Proposal} (the model's transition, or a guide kernel \(q(x_t; t, s_t)\)) and a
 * {@link ResamplingPolicy}, each step proposes \(x^k_t\) and weighs it by
 * \[ w^k_t = \frac{p(x^k_t \mid s^k_t)\, p(y_t \mid x^k_t, s^k_t)}{q(x^k_t; t, s^k_t)}, \]
 * resampling (with ancestor bookkeeping) when the effective sample size falls below the policy's
 * threshold; the estimate \(\hat Z\) (see {@link SmcResult}) is unbiased for \(p(y_{1:T})\)
 * (Doucet and Johansen 2009). Not vectorized: the sweep loops over the particles, calling the
 * kernel's GFI once per particle and step.
 *
 * <ul>
 *   <li>{@link #run}: a sweep from a key (same key, same numbers), returning particles and
 *       \(\log \hat Z\) as numbers;</li>
 *   <li>{@link #logNormalizer}: the same sweep inside an objective program, with every proposal
 *       choice a random choice of the objective (under {@code ns/t/k/...}) and \(\log \hat Z\) a
 *       differentiable {@link Var}; see {@link Fivo}.</li>
 * </ul>
 * Immutable.
 *
 * @param <S> the unfold's state type
 */
public final class SmcSampler<S> {
    /** The default policy: systematic resampling when ESS/K falls below 1/2. */
    public static final ResamplingPolicy DEFAULT_POLICY = ResamplingPolicy.adaptive(Resampling.SYSTEMATIC, 0.5);

    private final Target<S> target;
    private final Unfold<S> model;
    private final Proposal<S> proposal;
    private final int k;
    private final ResamplingPolicy policy;

    private SmcSampler(Target<S> target, Proposal<S> proposal, int k, ResamplingPolicy policy) {
        this.target = Objects.requireNonNull(target, "target");
        this.model = unfold(target.model());
        this.proposal = Objects.requireNonNull(proposal, "proposal");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (k < 1) {
            throw new IllegalArgumentException("SMC for '" + model.name() + "' needs at least 1 particle, got K = " + k);
        }
        this.k = k;
    }

    /** SMC for {@code target} (whose model must be an {@link Unfold}) with {@code k} particles. */
    public static <S> SmcSampler<S> of(Target<S> target, Proposal<S> proposal, int k) {
        return new SmcSampler<>(target, proposal, k, DEFAULT_POLICY);
    }

    /** The bootstrap particle filter: the model's transition as the proposal. */
    public static <S> SmcSampler<S> bootstrap(Target<S> target, int k) {
        return of(target, Proposal.bootstrap(), k);
    }

    /** The same sampler with another resampling policy. */
    public SmcSampler<S> withResampling(ResamplingPolicy policy) {
        return new SmcSampler<>(target, proposal, k, policy);
    }

    /** The target. */
    public Target<S> target() { return target; }
    /** The proposal. */
    public Proposal<S> proposal() { return proposal; }
    /** The number of particles \(K\). */
    public int particles() { return k; }
    /** The resampling policy. */
    public ResamplingPolicy policy() { return policy; }

    /** One sweep keyed by {@code rng} from the initial state {@code init}. */
    public SmcResult<S> run(Rng rng, S init) {
        Objects.requireNonNull(rng, "rng");
        Sweep.Outcome<S> o = Sweep.run(model, observations(init), init, k, policy,
                new KeyedMoves<>(model.kernel(), proposal, rng));
        double[] lw = new double[k];
        for (int i = 0; i < k; i++) {
            lw[i] = o.logWeights()[i].item();
        }
        return new SmcResult<>(o.states(), o.trajectories(), lw, o.logNormalizer().item(), o.resampledBefore());
    }

    /**
     * \(\log \hat Z_{\mathrm{SMC}}\) as a differentiable value of an objective program: the
     * proposals' choices are random choices of {@code ctx} under {@code namespace/t/k/...} (REPARAM
     * for reparameterizable ones, so gradients flow through the states and the weights), the
     * resampling uniforms a {@code SAMPLE_ONLY} choice at {@code namespace/t/resample}. No gradient
     * flows through the ancestor indices (see {@link Fivo}).
     */
    public Var logNormalizer(ExpectationContext ctx, String namespace, S init) {
        return Sweep.run(model, observations(init), init, k, policy,
                new ContextMoves<>(model.kernel(), proposal, ctx, namespace)).logNormalizer();
    }

    /** The observations, checked to lie under the steps {@code 0/...} to {@code T-1/...}. */
    private ChoiceMap observations(S init) {
        ChoiceMap y = target.observations(init);
        List<Address> stray = new ArrayList<>();
        for (Address a : y.addresses()) {
            if (!a.hasTail() || !isStep(a.head())) {
                stray.add(a);
            }
        }
        if (!stray.isEmpty()) {
            throw new IllegalArgumentException("SMC for '" + model.name() + "': observations " + stray
                    + " are not below a step t/... with t in [0, " + model.steps() + "); they would be ignored");
        }
        return y;
    }

    private boolean isStep(String head) {
        try {
            int t = Integer.parseInt(head);
            return t >= 0 && t < model.steps() && head.equals(Integer.toString(t));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static <S> Unfold<S> unfold(GenerativeFunction<S, ?> fn) {
        if (!(fn instanceof Unfold<?> u)) {
            throw new IllegalArgumentException("SMC needs a model that is an Unfold (a kernel over steps); '" + fn.name()
                    + "' is a " + fn.getClass().getSimpleName() + ": write it as Unfold.of(kernel, steps)");
        }
        if (u.steps() < 1) {
            throw new IllegalArgumentException("SMC needs a model with at least 1 step; '" + u.name() + "' has "
                    + u.steps());
        }
        return (Unfold<S>) u;
    }
}
