package dev.ppl.examples.ssm;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.combinators.Unfold;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.vi.approx.Target;
import dev.ppl.vi.objectives.VariationalProblem;
import dev.ppl.vi.smc.Proposal;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1-D linear-Gaussian state-space model with learnable transition and a learnable proposal,
 * for \(N\) observed sequences \(y^{(i)}_{0:T-1}\):
 * \[ x_0 \sim N(0, 1), \quad x_t \mid x_{t-1} \sim N(a\, x_{t-1}, \sigma_q^2), \quad
 *    y_t \mid x_t \sim N(x_t, r), \]
 * with parameters \(a\) and \(\log \sigma_q\) (the observation variance \(r = 1\) is fixed), and
 * the proposal \(q(x_t \mid x_{t-1}, y_t) = N(w_x x_{t-1} + w_y y_t + b, \sigma^2)\) (parameters
 * \(w_x, w_y, b, \log \sigma\); \(x_{-1} = 0\)), which the optimal proposal
 * \(p(x_t \mid x_{t-1}, y_t)\) has this form. The model is an {@link Unfold} of one step
 * (choices {@code t/x}, {@code t/y}); the proposal serves as SMC's per-step kernel and, chained
 * over the steps, as the sequence guide of the ELBO and IWELBO (choices {@code t/x}). The data are
 * simulated from \(a = 0.9\), \(\sigma_q^2 = 0.5\) with a key. Parameters start at \(a = 0.3\),
 * \(\sigma_q = 1\), \(q = N(0, 1)\).
 */
public final class StateSpaceModel {
    /** The data's transition coefficient. */
    public static final double TRUE_A = 0.9;
    /** The data's transition variance. */
    public static final double TRUE_Q = 0.5;
    /** The observation variance (fixed). */
    public static final double R = 1.0;

    private final Params params;
    private final List<double[]> data;
    private final GenerativeFunction<Unfold.Step<Var>, Var> kernel;

    /** The model for {@code data} with fresh parameters (DOUBLE). */
    public StateSpaceModel(List<double[]> data) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("StateSpaceModel: no sequences");
        }
        this.data = List.copyOf(data);
        Params.Builder b = Params.builder(DataType.DOUBLE, 0);
        b.add("a", Init.constant(0.3), 1);
        b.add("logSdQ", Init.zeros(), 1);
        b.add("wx", Init.zeros(), 1);
        b.add("wy", Init.zeros(), 1);
        b.add("bias", Init.zeros(), 1);
        b.add("logSd", Init.zeros(), 1);
        this.params = b.build();
        this.kernel = Gen.fn("ssm-step", List.of(params.get("a"), params.get("logSdQ")), (ctx, step) -> {
            Var mean = step.t() == 0 ? c(0.0) : scalar("a").mul(step.state());
            Var sd = step.t() == 0 ? c(1.0) : scalar("logSdQ").exp();
            Var x = ctx.sample("x", Normal.of(mean, sd));
            ctx.sample("y", Normal.of(x, c(Math.sqrt(R))));
            return x;
        });
    }

    /** {@code n} sequences of {@code length} steps simulated from the data-generating parameters with {@code key}. */
    public static List<double[]> simulate(Rng key, int n, int length) {
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] noise = key.fold(i).normal(DataType.DOUBLE, 2L * length).toDoubleVector();
            double[] y = new double[length];
            double x = 0;
            for (int t = 0; t < length; t++) {
                x = t == 0 ? noise[0] : TRUE_A * x + Math.sqrt(TRUE_Q) * noise[2 * t];
                y[t] = x + Math.sqrt(R) * noise[2 * t + 1];
            }
            out.add(y);
        }
        return out;
    }

    /** The parameters (model and proposal). */
    public Params params() { return params; }

    /** The observed sequences. */
    public List<double[]> data() { return data; }

    /** The number of sequences \(N\). */
    public int sequences() { return data.size(); }

    /** \(\sum_i \log p(y^{(i)})\) under the current \(a, \sigma_q\), by the Kalman filter. */
    public double exactLogEvidence() {
        double a = params.get("a").item();
        double q = Math.exp(2 * params.get("logSdQ").item());
        double total = 0;
        for (double[] y : data) {
            total += Kalman.logEvidence(y, a, q, R);
        }
        return total;
    }

    /** \(\sum_i \log p(y^{(i)})\) under the data-generating parameters. */
    public double trueLogEvidence() {
        double total = 0;
        for (double[] y : data) {
            total += Kalman.logEvidence(y, TRUE_A, TRUE_Q, R);
        }
        return total;
    }

    /** Sequence {@code i}'s target: the unfold over its length, conditioned on its observations. */
    public Target<Var> target(int i) {
        double[] y = data.get(i);
        ChoiceMap.Builder obs = ChoiceMap.builder();
        for (int t = 0; t < y.length; t++) {
            obs.put(t + "/y", Nd4j.scalar(y[t]));
        }
        return Target.of(Unfold.of(kernel, y.length), obs.build());
    }

    /** The proposal kernel for sequence {@code i} (it reads \(y_t\) through the step index). */
    public Proposal<Var> proposal(int i) {
        double[] y = data.get(i);
        return Proposal.of(Gen.fn("ssm-proposal", proposalParams(), (ctx, step) -> ctx.sample("x", proposalAt(y[step.t()], step.state()))));
    }

    /** The variational problem of sequence {@code i}: the proposal chained over its steps as the guide. */
    public VariationalProblem<Var> problem(int i) {
        double[] y = data.get(i);
        Target<Var> target = target(i);
        GenerativeFunction<Var, Var> guide = Gen.fn("ssm-guide", proposalParams(), (ctx, init) -> {
            Var prev = init;
            for (int t = 0; t < y.length; t++) {
                prev = ctx.sample(t + "/x", proposalAt(y[t], prev));
            }
            return prev;
        });
        return VariationalProblem.of(target.model(), guide, target.observations(init()));
    }

    /** The initial state \(x_{-1} = 0\). */
    public static Var init() {
        return c(0.0);
    }

    private Normal proposalAt(double y, Var prev) {
        Var mean = scalar("wx").mul(prev).add(scalar("wy").mul(y)).add(scalar("bias"));
        return Normal.of(mean, scalar("logSd").exp());
    }

    private List<Var> proposalParams() {
        return List.of(params.get("wx"), params.get("wy"), params.get("bias"), params.get("logSd"));
    }

    private Var scalar(String name) {
        return params.get(name).sum();
    }

    private static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }
}
