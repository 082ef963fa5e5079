package dev.ppl.autodiff;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks second-order reverse mode ({@link Grad#gradAsVars}) against finite differences of the
 * first-order gradient, in float64: the differentiable rules of every op on the way are checked
 * by the product of the Hessian with a random direction.
 *
 * <p>For a function \(f\) of inputs \(x_1..x_n\) with output \(y\), the checked scalar is
 * \(L = \sum_j w_j y_j\) for fixed pseudo-random weights \(w\); the direction \(u\) (one array per
 * input) is standard normal. Then
 * <ul>
 *   <li>analytic: \(H u = \nabla_x (\nabla_x L \cdot u)\), with \(\nabla_x L\) from
 *       {@link Grad#gradAsVars} and the outer gradient from {@link Grad#grad};</li>
 *   <li>numeric: \((\nabla_x L(x + \epsilon u) - \nabla_x L(x - \epsilon u)) / 2\epsilon\), both
 *       gradients from {@link Grad#grad} (itself checked by {@link GradCheck});</li>
 * </ul>
 * and an element passes when \(|a - n| \le \text{atol} + \text{rtol}\,|n|\). Before that, the
 * first-order values of {@link Grad#gradAsVars} must equal {@link Grad#grad}'s to
 * \(10^{-12}\) relative (the two forms of every rule compute the same numbers).
 */
public final class HessianCheck {
    /** Default step \(\epsilon\). */
    public static final double EPS = 1e-5;
    /** Default absolute tolerance. */
    public static final double ATOL = 1e-6;
    /** Default relative tolerance. */
    public static final double RTOL = 1e-5;
    /** The agreement required of the two first-order paths: \(|a - b| \le 10^{-12}(1 + |b|)\). */
    public static final double SAME = 1e-12;

    private HessianCheck() {}

    /** Runs the check with the default step and tolerances; throws {@link AssertionError} on failure. */
    public static GradCheck.Result verify(String name, Function<List<Var>, Var> f, INDArray... inputs) {
        GradCheck.Result r = check(f, EPS, ATOL, RTOL, 777, inputs);
        if (!r.passed()) {
            throw new AssertionError(name + ": Hessian-vector product of input " + r.input() + " element " + r.index()
                    + " is " + r.analytic() + " by second-order reverse mode but " + r.numeric()
                    + " by finite differences of the gradient");
        }
        return r;
    }

    /**
     * Compares \(Hu\) by second-order reverse mode with finite differences at {@code inputs}
     * (float64, not modified), for the direction drawn from {@code seed}. The result is the worst
     * discrepancy, as {@link GradCheck}'s: {@code analytic} and {@code numeric} are elements of
     * \(Hu\); {@code excess > 0} means failure.
     *
     * @throws AssertionError if the first-order values of the two reverse passes differ
     */
    public static GradCheck.Result check(Function<List<Var>, Var> f, double eps, double atol, double rtol, long seed,
            INDArray... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("HessianCheck: input " + i + " is " + inputs[i].dataType()
                        + Arrays.toString(inputs[i].shape()) + "; finite differences need DOUBLE inputs");
            }
        }
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray[] u = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            u[i] = Nd4j.randn(rng, inputs[i].shape()).castTo(DataType.DOUBLE);
        }
        INDArray[] hu = analytic(f, inputs, u);
        INDArray[] plus = gradient(f, shifted(inputs, u, eps)), minus = gradient(f, shifted(inputs, u, -eps));
        GradCheck.Result worst = new GradCheck.Result(-1, -1, 0, 0, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < inputs.length; i++) {
            INDArray a = hu[i].reshape(hu[i].length()), n = plus[i].sub(minus[i]).divi(2 * eps).reshape(hu[i].length());
            for (long k = 0; k < a.length(); k++) {
                double excess = Math.abs(a.getDouble(k) - n.getDouble(k)) - (atol + rtol * Math.abs(n.getDouble(k)));
                excess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                if (excess > worst.excess()) {
                    worst = new GradCheck.Result(i, k, a.getDouble(k), n.getDouble(k), excess);
                }
            }
        }
        return worst;
    }

    /** \(Hu\) through {@link Grad#gradAsVars}, after checking its first-order values against {@link Grad#grad}. */
    private static INDArray[] analytic(Function<List<Var>, Var> f, INDArray[] inputs, INDArray[] u) {
        Var[] params = params(inputs);
        Var loss = weighted(f.apply(List.of(params)));
        VarGradients g = Grad.gradAsVars(loss, params);
        Gradients reference = Grad.grad(loss, params);
        Var gu = Var.scalar(0.0, DataType.DOUBLE);
        for (int i = 0; i < params.length; i++) {
            sameNumbers(i, g.get(params[i]).value(), reference.get(params[i]));
            gu = gu.add(g.get(params[i]).mul(Var.constant(u[i])).sum());
        }
        Gradients h = Grad.grad(gu, params);
        INDArray[] out = new INDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            out[i] = h.get(params[i]);
        }
        return out;
    }

    private static void sameNumbers(int input, INDArray a, INDArray b) {
        INDArray fa = a.reshape(a.length()), fb = b.reshape(b.length());
        for (long k = 0; k < fa.length(); k++) {
            if (!(Math.abs(fa.getDouble(k) - fb.getDouble(k)) <= SAME * (1 + Math.abs(fb.getDouble(k))))) {
                throw new AssertionError("HessianCheck: first-order gradient of input " + input + " element " + k
                        + " is " + fa.getDouble(k) + " by gradAsVars but " + fb.getDouble(k) + " by grad");
            }
        }
    }

    private static INDArray[] gradient(Function<List<Var>, Var> f, INDArray[] inputs) {
        Var[] params = params(inputs);
        Gradients g = Grad.grad(weighted(f.apply(List.of(params))), params);
        INDArray[] out = new INDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            out[i] = g.get(params[i]);
        }
        return out;
    }

    /** \(\sum_j w_j y_j\) with the same pseudo-random \(w \in [0.5, 1.5)\) for every call. */
    private static Var weighted(Var y) {
        if (y.rank() == 0) {
            return y;
        }
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(12345);
        return y.mul(Var.constant(Nd4j.rand(rng, y.shape()).castTo(DataType.DOUBLE).addi(0.5))).sum();
    }

    private static Var[] params(INDArray[] inputs) {
        Var[] params = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            params[i] = Var.param(inputs[i].dup());
        }
        return params;
    }

    private static INDArray[] shifted(INDArray[] inputs, INDArray[] u, double h) {
        INDArray[] out = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = inputs[i].add(u[i].mul(h));
        }
        return out;
    }
}
