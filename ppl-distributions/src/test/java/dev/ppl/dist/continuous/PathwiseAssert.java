package dev.ppl.dist.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.stat.StatUtils;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Unbiasedness of pathwise (reparameterized) gradients against closed-form derivatives of an
 * expectation: the estimate of \(\nabla_\theta E[f(x)]\) from each of 40 groups of 500 draws, and
 * the mean over groups within 4 standard errors of the exact gradient, for every parameter element.
 */
final class PathwiseAssert {
    static final int GROUPS = 40;
    static final int PER_GROUP = 500;

    private PathwiseAssert() {}

    /**
     * @param params the parameters (float64, any shapes); each is broadcast to {@code [500] ++ shape}
     * @param create the distribution for the broadcast parameters
     * @param f the integrand, applied elementwise (or per event) to a draw; summed over everything
     * @param exact \(\partial E[\sum f(x)]/\partial\theta\) per parameter, of each parameter's shape
     */
    static void assertUnbiased(String what, List<INDArray> params, Function<List<Var>, Distribution<Var>> create,
            UnaryOperator<Var> f, List<INDArray> exact, long seed) {
        int np = params.size();
        double[][][] est = new double[np][][];
        for (int j = 0; j < np; j++) {
            est[j] = new double[(int) params.get(j).length()][GROUPS];
        }
        Rng[] keys = Rng.of(seed).split(GROUPS);
        for (int g = 0; g < GROUPS; g++) {
            List<Var> leaves = new ArrayList<>();
            List<Var> expanded = new ArrayList<>();
            for (INDArray p : params) {
                Var leaf = Var.param(p);
                leaves.add(leaf);
                long[] shape = new long[p.rank() + 1];
                shape[0] = PER_GROUP;
                System.arraycopy(p.shape(), 0, shape, 1, p.rank());
                expanded.add(leaf.expandDims(0).broadcastTo(shape));
            }
            Var x = create.apply(expanded).reparamSample(keys[g]).value();
            Gradients grads = Grad.grad(f.apply(x).sum().div(PER_GROUP), leaves);
            for (int j = 0; j < np; j++) {
                double[] flat = grads.get(leaves.get(j)).reshape(params.get(j).length()).toDoubleVector();
                for (int k = 0; k < flat.length; k++) {
                    est[j][k][g] = flat[k];
                }
            }
        }
        for (int j = 0; j < np; j++) {
            double[] ex = exact.get(j).reshape(exact.get(j).length()).toDoubleVector();
            for (int k = 0; k < ex.length; k++) {
                double mean = StatUtils.mean(est[j][k]);
                double se = Math.sqrt(StatUtils.variance(est[j][k]) / GROUPS);
                assertEquals(ex[k], mean, 4 * se + 1e-9 * (1 + Math.abs(ex[k])),
                        what + ": pathwise gradient wrt parameter " + j + " element " + k);
            }
        }
    }
}
