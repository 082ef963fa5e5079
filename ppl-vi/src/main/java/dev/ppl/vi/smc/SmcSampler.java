package dev.ppl.vi.smc;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.Rng;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.vi.ExpectationContext;
import dev.ppl.vi.approx.PosteriorSampler;
import dev.ppl.vi.approx.Target;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   <li>{@link #sweep} and {@link #logNormalizer}: the same sweep inside an objective program,
 *       with every proposal choice a random choice of the objective (under {@code ns/t/k/...}),
 *       the ancestors of each resampling one choice at {@code ns/t/ancestors} with law
 *       {@link Ancestors} (drawn with {@code SAMPLE_ONLY}, or the strategy given to
 *       {@link #sweep(ExpectationContext, String, Object, Strategy)}), and \(\log \hat Z\) a differentiable
 *       {@link Var}; see {@link Fivo};</li>
 *   <li>{@link #sample}: as a {@link PosteriorSampler}, a sweep followed by one particle drawn by
 *       its final weight, \(P(I = k) = W^k_T\) (choice {@code ns/index}): its trajectory's latent
 *       choices approximate a draw from \(p(x_{0:T-1} \mid y)\) (consistently as \(K \to \infty\)),
 *       for wake-sleep objectives with an SMC target.</li>
 * </ul>
 * Immutable.
 *
 * @param <S> the unfold's state type
 */
public final class SmcSampler<S> implements PosteriorSampler<S> {
    /** The address (below {@code ns/t}) of the ancestors of the resampling before step \(t\). */
    public static final String ANCESTORS = "ancestors";
    /** The address (below {@code ns}) of the particle index drawn by {@link #sample}. */
    public static final String INDEX = "index";

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
    @Override
    public Target<S> target() { return target; }
    /** The proposal. */
    public Proposal<S> proposal() { return proposal; }
    /** The number of particles \(K\). */
    @Override
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
     * \(\log \hat Z_{\mathrm{SMC}}\) as a differentiable value of an objective program:
     * {@link #sweep}'s {@link SmcSweep#logNormalizer}.
     */
    public Var logNormalizer(ExpectationContext ctx, String namespace, S init) {
        return sweep(ctx, namespace, init).logNormalizer();
    }

    /**
     * One sweep inside an objective program: the proposals' choices are random choices of
     * {@code ctx} under {@code namespace/t/k/...} with their strategies (REPARAM for
     * reparameterizable ones, so gradients flow through the states and the weights); the ancestors
     * of the resampling before step \(t\) are one choice at {@code namespace/t/ancestors} with law
     * {@link Ancestors}, drawn with {@code SAMPLE_ONLY} (no score term: the standard FIVO
     * convention; see the overload for others). Returns \(\log \hat Z\), \(\sum_t \log P(a_t)\) and the particles.
     */
    public SmcSweep sweep(ExpectationContext ctx, String namespace, S init) {
        return sweep(ctx, namespace, init, Strategies.SAMPLE_ONLY);
    }

    /**
     * As {@link #sweep(ExpectationContext, String, Object)}, with the ancestor choices drawn with
     * {@code ancestorStrategy} (a strategy that applies to {@link Ancestors}: {@code SAMPLE_ONLY},
     * REINFORCE or one of its baselines); a per-address override of the objective still wins.
     */
    public SmcSweep sweep(ExpectationContext ctx, String namespace, S init, Strategy ancestorStrategy) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(ancestorStrategy, "ancestorStrategy");
        ContextMoves<S> moves = new ContextMoves<>(model.kernel(), proposal, ctx, namespace, ancestorStrategy);
        Sweep.Outcome<S> o = Sweep.run(model, observations(init), init, k, policy, moves);
        Var logZ = o.logNormalizer();
        Var logP = moves.ancestorLogProbability();
        return new SmcSweep(logZ, logP == null ? Var.scalar(0.0, logZ.dtype()) : logP.cast(logZ.dtype()),
                Arrays.asList(o.logWeights()), o.latents(), o.resampledBefore());
    }

    /**
     * A sweep, then one particle \(I\) drawn by its final normalized weight (a Categorical choice at
     * {@code namespace/index}); returns its latent choices \(x^I_{0:T-1}\) (addresses
     * {@code t/...}) and the sweep's \(\log \hat Z\).
     */
    @Override
    public PosteriorSampler.Sample sample(ExpectationContext ctx, String namespace, S init) {
        SmcSweep s = sweep(ctx, namespace, init);
        if (k == 1) {
            return new PosteriorSampler.Sample(s.latents(0), s.logNormalizer());
        }
        Var[] lw = s.logWeights().toArray(new Var[0]);
        for (int i = 0; i < k; i++) {
            lw[i] = lw[i].cast(lw[0].dtype());
        }
        String at = namespace == null || namespace.isEmpty() ? INDEX : namespace + "/" + INDEX;
        Var index = ctx.sample(at, Categorical.ofLogits(Var.stack(0, lw)));
        return new PosteriorSampler.Sample(s.latents((int) Math.round(index.item())), s.logNormalizer());
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
