package dev.ppl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The contract of scalar continuous families, with a Commons Math reference distribution per
 * batch element: log density, moments, a Kolmogorov-Smirnov test of samples against the
 * reference CDF, normalization, and, for reparameterizable families, unbiased pathwise
 * gradients of \(E[x^2]\) and \(E[\sin x]\) against finite differences of exact expectations.
 */
public abstract class ContinuousContract extends DistributionContract {
    /** The reference distribution for batch-element parameters {@code theta}. */
    protected abstract AbstractRealDistribution reference(double[][] theta);

    @Override
    protected double referenceLogDensity(double[][] theta, double x) {
        return reference(theta).logDensity(x);
    }

    @Override
    protected double referenceMean(double[][] theta) {
        double m = reference(theta).getNumericalMean();
        return Double.isFinite(m) ? m : Double.NaN;
    }

    @Override
    protected double referenceVariance(double[][] theta) {
        double v = reference(theta).getNumericalVariance();
        return Double.isFinite(v) ? v : Double.NaN;
    }

    @Override
    protected boolean continuous() {
        return true;
    }

    @Test
    void samplesPassAKolmogorovSmirnovTestAgainstTheReferenceCdf() {
        List<INDArray> ps = parameters();
        List<INDArray> many = new ArrayList<>();
        for (INDArray p : ps) {
            many.add(repeat(p, 5000));
        }
        INDArray draws = create(constants(many)).sample(Rng.of(99)).value().castTo(DataType.DOUBLE);
        for (int i = 0; i < batchSize(); i++) {
            double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference(theta(ps, i)),
                    draws.getColumn(i).toDoubleVector());
            assertTrue(p > 1e-3, family() + " batch element " + i + ": KS p-value " + p);
        }
    }

    @Test
    void densityIntegratesToOne() {
        List<INDArray> ps = parameters();
        Distribution<Var> d = create(constants(ps));
        int n = batchSize();
        // one vectorized evaluation: Gauss-Legendre nodes of every batch element's range as rows
        double[][] nodes = new double[n][];
        double[][] weights = new double[n][];
        for (int i = 0; i < n; i++) {
            double[][] nw = quadratureNodes(reference(theta(ps, i)));
            nodes[i] = nw[0];
            weights[i] = nw[1];
        }
        int m = nodes[0].length;
        INDArray x = Nd4j.create(DataType.DOUBLE, m, n);
        for (int i = 0; i < n; i++) {
            x.putColumn(i, Nd4j.createFromArray(nodes[i]).reshape(m, 1));
        }
        INDArray density = Transforms.exp(d.logDensity(Var.constant(x)).value().castTo(DataType.DOUBLE), false);
        for (int i = 0; i < n; i++) {
            double mass = density.getColumn(i).mul(Nd4j.createFromArray(weights[i])).sumNumber().doubleValue();
            assertEquals(1.0, mass, 1e-6, family() + " batch element " + i);
        }
    }

    /** Piecewise Gauss-Legendre nodes and weights over the reference's central mass (see {@link #integrate}). */
    private static double[][] quadratureNodes(RealDistribution ref) {
        double lo = Math.max(ref.inverseCumulativeProbability(1e-12), ref.getSupportLowerBound());
        double hi = Math.min(ref.inverseCumulativeProbability(1 - 1e-12), ref.getSupportUpperBound());
        int pieces = 256, order = 32;
        double[] x = new double[pieces * order], w = new double[pieces * order];
        double width = (hi - lo) / pieces;
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        for (int k = 0; k < pieces; k++) {
            GaussIntegrator g = factory.legendre(order, lo + k * width, lo + (k + 1) * width);
            for (int j = 0; j < order; j++) {
                x[k * order + j] = g.getPoint(j);
                w[k * order + j] = g.getWeight(j);
            }
        }
        return new double[][] {x, w};
    }

    @Test
    void pathwiseGradientsOfSquareAndSineAreUnbiased() {
        Distribution<Var> probe = create(constants(parameters()));
        if (!probe.hasReparam()) {
            return;
        }
        checkPathwise("x^2", Var::square, x -> x * x);
        checkPathwise("sin x", x -> Var.of("sin", org.nd4j.linalg.ops.transforms.Transforms.sin(x.value(), true),
                g -> new INDArray[] {g.mul(org.nd4j.linalg.ops.transforms.Transforms.cos(x.value(), true))}, x),
                Math::sin);
    }

    private void checkPathwise(String name, UnaryOperator<Var> f, DoubleUnaryOperator fx) {
        List<INDArray> ps = parameters();
        int groups = 40, perGroup = 500;
        int np = ps.size();
        double[][][] estimates = new double[np][groups][];
        Rng[] keys = Rng.of(31).split(groups);
        for (int g = 0; g < groups; g++) {
            List<Var> leaves = new ArrayList<>();
            List<Var> expanded = new ArrayList<>();
            for (INDArray p : ps) {
                Var leaf = Var.param(p);
                leaves.add(leaf);
                long[] shape = new long[p.rank() + 1];
                shape[0] = perGroup;
                System.arraycopy(p.shape(), 0, shape, 1, p.rank());
                expanded.add(leaf.expandDims(0).broadcastTo(shape));
            }
            Var x = create(expanded).reparamSample(keys[g]).value();
            Gradients grads = Grad.grad(f.apply(x).sum().div(perGroup), leaves);
            for (int j = 0; j < np; j++) {
                estimates[j][g] = grads.get(leaves.get(j)).reshape(ps.get(j).length()).toDoubleVector();
            }
        }
        for (int j = 0; j < np; j++) {
            INDArray p = ps.get(j);
            for (int k = 0; k < p.length(); k++) {
                int batch = (int) (p.rank() == 1 ? k : k / p.size(1));
                double exact = exactGradient(fx, j, k, batch);
                if (Double.isNaN(exact)) {
                    continue;
                }
                double[] col = new double[groups];
                for (int g = 0; g < groups; g++) {
                    col[g] = estimates[j][g][k];
                }
                double mean = org.apache.commons.math3.stat.StatUtils.mean(col);
                double se = Math.sqrt(org.apache.commons.math3.stat.StatUtils.variance(col) / groups);
                assertEquals(exact, mean, 4 * se + 1e-6 * (1 + Math.abs(exact)),
                        family() + ": pathwise gradient of E[" + name + "] wrt parameter " + j + " element " + k);
            }
        }
    }

    /** d/dθ E_θ[f(x)] for one parameter element, by central differences of quadrature. */
    private double exactGradient(DoubleUnaryOperator fx, int param, int element, int batch) {
        List<INDArray> ps = parameters();
        double h = 1e-4 * Math.max(1.0, Math.abs(ps.get(param).getDouble(element)));
        double[] e = new double[2];
        for (int s = 0; s < 2; s++) {
            List<INDArray> shifted = new ArrayList<>();
            for (INDArray p : ps) {
                shifted.add(p.dup());
            }
            INDArray target = shifted.get(param);
            target.putScalar(element, target.getDouble(element) + (s == 0 ? h : -h));
            RealDistribution ref = reference(theta(shifted, batch));
            if (fx.applyAsDouble(2.0) == 4.0) {
                double m = ref.getNumericalMean(), v = ref.getNumericalVariance();
                if (!Double.isFinite(m) || !Double.isFinite(v)) {
                    return Double.NaN;
                }
                e[s] = v + m * m;
            } else {
                e[s] = integrate(x -> fx.applyAsDouble(x) * ref.density(x), ref);
            }
        }
        return (e[0] - e[1]) / (2 * h);
    }

    /** \(\int g\) over the reference's central \(1 - 2\cdot10^{-12}\) mass, piecewise Gauss-Legendre. */
    protected static double integrate(DoubleUnaryOperator g, RealDistribution ref) {
        double lo = ref.inverseCumulativeProbability(1e-12), hi = ref.inverseCumulativeProbability(1 - 1e-12);
        lo = Math.max(lo, ref.getSupportLowerBound());
        hi = Math.min(hi, ref.getSupportUpperBound());
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(16, 1e-12, 1e-12);
        int pieces = 64;
        double total = 0, width = (hi - lo) / pieces;
        for (int k = 0; k < pieces; k++) {
            double a = lo + k * width;
            total += integrator.integrate(100_000, g::applyAsDouble, a, a + width);
        }
        return total;
    }

}
