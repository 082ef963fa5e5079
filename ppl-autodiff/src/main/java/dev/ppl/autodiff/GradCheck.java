package dev.ppl.autodiff;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks reverse-mode gradients against central finite differences in float64.
 *
 * <p>For a function \(f\) of inputs \(x_1..x_n\) with output \(y\), the checked scalar is
 * \(L = \sum_j w_j y_j\) for fixed pseudo-random weights \(w\) (so every output element is
 * covered), and each input element's analytic \(\partial L/\partial x\) is compared with
 * \((L(x + \epsilon e) - L(x - \epsilon e)) / 2\epsilon\). An element passes when
 * \(|a - n| \le \text{atol} + \text{rtol}\,|n|\).
 */
public final class GradCheck {
    /** Default step \(\epsilon\). */
    public static final double EPS = 1e-6;
    /** Default absolute tolerance. */
    public static final double ATOL = 1e-6;
    /** Default relative tolerance. */
    public static final double RTOL = 1e-5;

    private GradCheck() {}

    /**
     * The worst discrepancy found.
     *
     * @param input index of the input holding the worst element
     * @param index flat index of that element
     * @param analytic the reverse-mode derivative there
     * @param numeric the finite-difference derivative there
     * @param excess {@code |a - n| - (atol + rtol |n|)}: positive means failure
     */
    public record Result(int input, long index, double analytic, double numeric, double excess) {
        /** Whether every element was within tolerance. */
        public boolean passed() {
            return excess <= 0;
        }
    }

    /** Runs the check with the default step and tolerances; throws {@link AssertionError} on failure. */
    public static Result verify(String name, Function<List<Var>, Var> f, INDArray... inputs) {
        Result r = check(f, EPS, ATOL, RTOL, inputs);
        if (!r.passed()) {
            throw new AssertionError(name + ": gradient of input " + r.input() + " element " + r.index()
                    + " is " + r.analytic() + " by reverse mode but " + r.numeric() + " by finite differences");
        }
        return r;
    }

    /**
     * Compares analytic and numeric gradients of {@code f} at {@code inputs} (float64 arrays,
     * not modified).
     */
    public static Result check(Function<List<Var>, Var> f, double eps, double atol, double rtol, INDArray... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("GradCheck: input " + i + " is " + inputs[i].dataType()
                        + Arrays.toString(inputs[i].shape()) + "; finite differences need DOUBLE inputs");
            }
        }
        Var[] params = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            params[i] = Var.param(inputs[i].dup());
        }
        Var out = f.apply(List.of(params));
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(12345);
        INDArray w = out.rank() == 0 ? Nd4j.scalar(DataType.DOUBLE, 1.0)
                : Nd4j.rand(rng, out.shape()).castTo(DataType.DOUBLE).addi(0.5);
        Gradients grads = Grad.grad(out, w, Arrays.asList(params));
        Result worst = new Result(-1, -1, 0, 0, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < inputs.length; i++) {
            INDArray analytic = grads.get(params[i]).reshape(inputs[i].length());
            for (long k = 0; k < inputs[i].length(); k++) {
                double numeric = (weighted(f, inputs, i, k, eps, w) - weighted(f, inputs, i, k, -eps, w)) / (2 * eps);
                double a = analytic.getDouble(k);
                double excess = Math.abs(a - numeric) - (atol + rtol * Math.abs(numeric));
                if (Double.isNaN(excess)) {
                    excess = Double.POSITIVE_INFINITY;
                }
                if (excess > worst.excess()) {
                    worst = new Result(i, k, a, numeric, excess);
                }
            }
        }
        return worst;
    }

    private static double weighted(Function<List<Var>, Var> f, INDArray[] inputs, int which, long k, double h, INDArray w) {
        Var[] consts = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            INDArray v = inputs[i].dup();
            if (i == which) {
                INDArray flat = v.reshape(v.length());
                flat.putScalar(k, flat.getDouble(k) + h);
            }
            consts[i] = Var.constant(v);
        }
        INDArray y = f.apply(List.of(consts)).value();
        return y.castTo(DataType.DOUBLE).mul(w).sumNumber().doubleValue();
    }
}
