package dev.ppl.vi;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.core.Address;
import dev.ppl.core.Selection;
import dev.ppl.dist.Rng;
import dev.ppl.vi.strategy.Strategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;

/**
 * An objective written as a program: \(L(\theta) = E[\,\text{return value} + \text{costs}\,]\) over
 * the program's random choices. {@link #estimate} returns an unbiased estimate of \(L\);
 * {@link #gradEstimate} an unbiased estimate of \(\nabla_\theta L\), built by composing one local
 * rule ({@link Strategy}) per random choice into a surrogate whose value is the estimate and
 * whose reverse-mode gradient is the gradient estimate (ADEV, Lew et al. POPL 2023; genjax.vi,
 * Becker et al. PLDI 2024). A program returning one value per data point is summed over them.
 * Sign convention: objectives are maximized.
 *
 * <pre>{@code
 * Expectation<Var> elbo = Expectation.of((e, x) -> {
 *     Trace<Var, Var> q = e.simulate(guide, x);
 *     Var logP = e.density(model, q.choices().merge(observations(x)), x);
 *     return logP.sub(q.score());
 * });
 * }</pre>
 * Instances are immutable; {@link #withStrategy} and {@link #particles} return new ones.
 */
public final class Expectation<A> {
    /** The program. */
    @FunctionalInterface
    public interface Program<A> {
        /** The value whose expectation is estimated, given the context and the arguments. */
        Var apply(ExpectationContext e, A args);
    }

    /**
     * A strategy override for the addresses of a selection; {@code description} names it in
     * messages (an override that matches no choice of an estimate is an error).
     */
    public record StrategyOverride(Selection selection, Strategy strategy, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    private final Program<A> program;
    private final List<StrategyOverride> overrides;
    private final int particles;
    private final boolean raoBlackwellized;
    private final int plateNesting;
    private final boolean vectorizedParticles;

    private Expectation(Program<A> program, List<StrategyOverride> overrides, int particles, boolean raoBlackwellized,
            int plateNesting, boolean vectorizedParticles) {
        this.program = program;
        this.overrides = List.copyOf(overrides);
        this.particles = particles;
        this.raoBlackwellized = raoBlackwellized;
        this.plateNesting = plateNesting;
        this.vectorizedParticles = vectorizedParticles;
    }

    /** The expectation of {@code program}'s value, with default strategies. */
    public static <A> Expectation<A> of(Program<A> program) {
        return new Expectation<>(program, List.of(), 1, false, -1, true);
    }

    /** The same objective with {@code strategy} for the choices at or below {@code addresses}. */
    public Expectation<A> withStrategy(Selection addresses, Strategy strategy) {
        return withOverride(new StrategyOverride(addresses, strategy, "withStrategy(<selection>, " + strategy.name() + ")"));
    }

    /** The same objective with {@code strategy} for the choice at {@code address} (and below). */
    public Expectation<A> withStrategy(String address, Strategy strategy) {
        Address.parse(address);
        return withOverride(new StrategyOverride(Selection.of(address), strategy,
                "withStrategy(\"" + address + "\", " + strategy.name() + ")"));
    }

    private Expectation<A> withOverride(StrategyOverride override) {
        List<StrategyOverride> o = new ArrayList<>(overrides);
        o.add(override);
        return new Expectation<>(program, o, particles, raoBlackwellized, plateNesting, vectorizedParticles);
    }

    /**
     * The same objective with its deepest plate nesting declared (the plates a run of the
     * program, its simulated functions and nested expectations may be inside at once): parallel
     * enumeration places its dims left of that many plate dims. Without the declaration the
     * engine finds it with one sampling run of the program before the first estimate that
     * enumerates in parallel.
     */
    public Expectation<A> maxPlateNesting(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("maxPlateNesting: need a depth >= 0, got " + depth);
        }
        return new Expectation<>(program, overrides, particles, raoBlackwellized, depth, vectorizedParticles);
    }

    /** The declared plate nesting, or -1 if none was declared ({@link #maxPlateNesting}). */
    public int declaredPlateNesting() { return plateNesting; }

    /**
     * The mean of {@code n} independent estimates (same expectation, lower variance), computed in
     * <em>one</em> run of the program inside a particle plate of size {@code n}: the plate owns the
     * batch dim left of every plate the program enters (dim \(-(W + 1)\) for plates nesting
     * \(W\) deep), every choice gets one independent draw per particle along it (distributions are
     * expanded), trace scores keep it, and the estimate averages over it. The program must be
     * broadcast-safe (negative dims, no {@code item()} of a per-run value); for one that is not,
     * use {@link #particlesInSequence}.
     */
    public Expectation<A> particles(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("particles: need at least 1, got " + n);
        }
        return new Expectation<>(program, overrides, n, raoBlackwellized, plateNesting, true);
    }

    /** The mean of {@code n} independent estimates, one run of the program each (for programs that cannot broadcast). */
    public Expectation<A> particlesInSequence(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("particlesInSequence: need at least 1, got " + n);
        }
        return new Expectation<>(program, overrides, n, raoBlackwellized, plateNesting, false);
    }

    /** Whether {@link #particles} runs once inside a particle plate (true) or once per particle. */
    public boolean hasVectorizedParticles() { return vectorizedParticles; }

    /**
     * The same objective with <b>Rao-Blackwellization by dependency tracking</b>: the score term of
     * a choice \(x_i\) multiplies only the costs (and the return value) that depend on it,
     * \[ T = R + \textstyle\sum_i \mathrm{sg}\big(\sum_{c \in D(i)} c - b_i\big)(\log p_i - \mathrm{sg}\log p_i), \]
     * where \(D(i)\) is found automatically: each choice's value is tagged with a source id
     * ({@link dev.ppl.autodiff.Provenance}), every op propagates the union of its operands' tags,
     * and a later choice inherits the tags of its distribution's parameters, so a cost depends on
     * \(x_i\) when data flows from \(x_i\) to it directly or through the parameters of later choices.
     * A dropped cost \(c\) has \(E[c\,\nabla \log p_i] = 0\), so the estimate stays unbiased while the
     * variance falls (Schulman et al. 2015, stochastic computation graphs).
     *
     * <p><b>Requirement:</b> the program's dependence on choices must be data flow through
     * {@code Var} ops. A branch on a choice's value ({@code if (b.item() > 0)}) or a value taken
     * out with {@code value()}/{@code item()} and wrapped again as a constant is invisible to
     * tracking and would bias the estimate; keep such programs without this option.
     */
    public Expectation<A> raoBlackwellize() {
        return new Expectation<>(program, overrides, particles, true, plateNesting, vectorizedParticles);
    }

    /** Whether score terms multiply only the costs that depend on their choice ({@link #raoBlackwellize}). */
    public boolean isRaoBlackwellized() { return raoBlackwellized; }

    /** The program. */
    public Program<A> program() { return program; }
    /** The strategy overrides, latest last (the latest matching one wins). */
    public List<StrategyOverride> overrides() { return overrides; }
    /** The number of particles averaged. */
    public int particleCount() { return particles; }

    /**
     * The surrogate \(T\) (summed over data points): its value is an unbiased estimate of \(L\) and
     * its gradient, by {@link Grad#grad}, an unbiased estimate of \(\nabla_\theta L\).
     */
    public Var surrogate(Rng rng, A args) {
        return Engine.BUILDER.surrogate(this, rng, args);
    }

    /** An unbiased estimate of \(L\). */
    public double estimate(Rng rng, A args) {
        return surrogate(rng, args).item();
    }

    /** Unbiased estimates of \(L\) and \(\nabla_\theta L\) (for {@code params}) from one surrogate. */
    public GradientEstimate gradEstimate(Rng rng, A args, Collection<Var> params) {
        Var t = surrogate(rng, args);
        return new GradientEstimate(t.item(), Grad.grad(t, params));
    }

    /**
     * The same estimates as {@link #gradEstimate}, with \(\text{scale} \cdot \nabla_\theta L\)
     * written straight into the flat gradient buffer of {@code params} (by {@link Params#computeGrads(Var, double)}:
     * dense-layer gradients by GEMM into the buffer, no per-parameter copies); {@code scale = -1}
     * gives the gradient of the loss \(-L\) that an optimizer minimizes. Returns the estimate of \(L\).
     */
    public double gradEstimateInto(Rng rng, A args, Params params, double scale) {
        Var t = surrogate(rng, args);
        params.computeGrads(t, scale);
        return t.item();
    }

    /** The surrogate builder, looked up once (the engine, from {@code META-INF/services}). */
    private static final class Engine {
        static final SurrogateBuilder BUILDER = ServiceLoader.load(SurrogateBuilder.class,
                Expectation.class.getClassLoader()).findFirst().orElseThrow(() -> new IllegalStateException(
                "no " + SurrogateBuilder.class.getName() + " service: ppl-vi's META-INF/services entry is missing "
                        + "from the class path (a shaded jar must merge service files)"));
    }
}
