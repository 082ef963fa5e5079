package dev.ppl.autodiff.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The broadcasting contract of every elementwise op over several operands, as a property: for a
 * few hundred random broadcast-compatible shape combinations (ranks 0-4, sizes 1-3, fixed seeds)
 * the value must equal a plain-Java NumPy-broadcasting reference ({@link BroadcastReference}) and
 * each operand's gradient must equal central finite differences of that reference, in float64,
 * summed back to the operand's own shape. Float32 runs must agree with float64 to single
 * precision, and shapes that do not broadcast must be rejected with an
 * {@link IllegalArgumentException} naming the op and the shapes.
 */
class BroadcastingPropertyTest {
    private static final int COMPATIBLE = 300;
    private static final int INCOMPATIBLE = 60;
    /** Every this many trials the gradient is also checked end to end with {@link GradCheck}. */
    private static final int GRADCHECK_EVERY = 30;
    private static final double EPS = 1e-6;

    /** Where an operand's values are drawn: \(|v| \in [lo, hi]\), with a random sign when {@code signed}. */
    private record Domain(double lo, double hi, boolean signed, boolean mask) {
        static final Domain ANY = new Domain(0.0, 2.0, true, false);
        static final Domain WIDE = new Domain(0.0, 4.0, true, false);
        static final Domain AWAY_FROM_ZERO = new Domain(0.5, 2.0, true, false);
        static final Domain POSITIVE = new Domain(0.5, 2.0, false, false);
        /** 0/1 values: a selection mask, a constant operand with no gradient. */
        static final Domain MASK = new Domain(0, 1, false, true);

        double draw(Random rng) {
            if (mask) {
                return rng.nextBoolean() ? 1.0 : 0.0;
            }
            double v = lo + (hi - lo) * rng.nextDouble();
            return signed && rng.nextBoolean() ? -v : v;
        }
    }

    /**
     * One op: its call on {@link Var}s, its scalar reference \(f\) on one element of each operand,
     * and the operands' domains. {@code summed}: the op returns \(\sum_j f_j\) (rank 0) instead.
     */
    private record Case(String name, Function<List<Var>, Var> op, ToDoubleFunction<double[]> f, boolean summed,
                        Domain... domains) {
        static Case elementwise(String name, Function<List<Var>, Var> op, ToDoubleFunction<double[]> f, Domain... d) {
            return new Case(name, op, f, false, d);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    static Stream<Case> cases() {
        return Stream.of(
                Case.elementwise("add", v -> v.get(0).add(v.get(1)), a -> a[0] + a[1], Domain.ANY, Domain.ANY),
                Case.elementwise("sub", v -> v.get(0).sub(v.get(1)), a -> a[0] - a[1], Domain.ANY, Domain.ANY),
                Case.elementwise("mul", v -> v.get(0).mul(v.get(1)), a -> a[0] * a[1], Domain.ANY, Domain.ANY),
                Case.elementwise("div", v -> v.get(0).div(v.get(1)), a -> a[0] / a[1], Domain.ANY, Domain.AWAY_FROM_ZERO),
                Case.elementwise("pow", v -> v.get(0).pow(v.get(1)), a -> Math.pow(a[0], a[1]), Domain.POSITIVE, Domain.ANY),
                Case.elementwise("atan2", v -> v.get(0).atan2(v.get(1)), a -> Math.atan2(a[0], a[1]),
                        Domain.AWAY_FROM_ZERO, Domain.AWAY_FROM_ZERO),
                Case.elementwise("logaddexp", v -> v.get(0).logaddexp(v.get(1)), BroadcastingPropertyTest::logaddexp,
                        Domain.WIDE, Domain.WIDE),
                Case.elementwise("where", v -> Var.where(v.get(0).value(), v.get(1), v.get(2)),
                        a -> a[0] != 0 ? a[1] : a[2], Domain.MASK, Domain.ANY, Domain.ANY),
                Case.elementwise("normal", v -> Likelihoods.normal(v.get(0), v.get(1), v.get(2)),
                        BroadcastingPropertyTest::normalLogDensity, Domain.ANY, Domain.ANY, Domain.POSITIVE),
                new Case("normalSum", v -> Likelihoods.normalSum(v.get(0), v.get(1), v.get(2)),
                        BroadcastingPropertyTest::normalLogDensity, true, Domain.ANY, Domain.ANY, Domain.POSITIVE));
    }

    /** \(\log(e^a + e^b)\) the textbook way: the domains keep it far from overflow. */
    private static double logaddexp(double[] a) {
        return Math.log(Math.exp(a[0]) + Math.exp(a[1]));
    }

    private static double normalLogDensity(double[] a) {
        double z = (a[0] - a[1]) / a[2];
        return -0.5 * z * z - Math.log(a[2]) - HALF_LOG_2PI;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valuesAndGradientsMatchTheNumpyReferenceOnRandomCompatibleShapes(Case c) {
        Random rng = new Random(1_000 + c.name().hashCode());
        List<String> failures = new ArrayList<>();
        for (int trial = 0; trial < COMPATIBLE; trial++) {
            int[][] shapes = BroadcastShapes.compatible(rng, c.domains().length);
            double[][] values = draw(rng, c.domains(), shapes);
            String where = c.name() + " trial " + trial + " shapes " + BroadcastShapes.describe(shapes);
            try {
                checkTrial(c, shapes, values, rng, failures, where);
                if (trial % GRADCHECK_EVERY == 0) {
                    gradCheckTrial(c, shapes, values);
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(where + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.subList(0, Math.min(5, failures.size())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shapesThatDoNotBroadcastAreRejectedNamingTheOpAndTheShapes(Case c) {
        Random rng = new Random(2_000 + c.name().hashCode());
        List<String> failures = new ArrayList<>();
        for (int trial = 0; trial < INCOMPATIBLE; trial++) {
            int[][] shapes = BroadcastShapes.incompatible(rng, c.domains().length);
            List<Var> vars = vars(c, shapes, draw(rng, c.domains(), shapes), DataType.DOUBLE);
            String where = c.name() + " shapes " + BroadcastShapes.describe(shapes);
            try {
                Var y = c.op().apply(vars);
                failures.add(where + ": no exception, result shape " + Arrays.toString(y.shape()));
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                boolean named = m.contains(c.name());
                for (int[] s : shapes) {
                    named &= m.contains(Arrays.toString(s));
                }
                if (!named) {
                    failures.add(where + ": message does not name the op and every shape: " + m);
                }
            } catch (RuntimeException e) {
                failures.add(where + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.subList(0, Math.min(5, failures.size())));
    }

    /** Operand shapes with tens of thousands of output elements: ND4J's paths for large arrays. */
    private static final int[][][] LARGE = {
        {{180, 1}, {200}, {1, 200}},
        {{200}, {180, 1}, {}},
        {{}, {190, 200}, {190, 1}},
        {{2, 1, 130, 1}, {1, 3, 1, 100}, {3, 1, 1}},
    };

    /**
     * Large operands: values against the reference, and each gradient against the chain rule
     * written out in plain Java, \(\bar x^{(k)}_i = \sum_{j \to i} w_j\, \partial f/\partial x^{(k)}\),
     * with each scalar partial derivative taken by central differences.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void largeOperandsFollowTheSameRules(Case c) {
        Random rng = new Random(3_000 + c.name().hashCode());
        for (int[][] all : LARGE) {
            int[][] shapes = Arrays.copyOf(all, c.domains().length);
            double[][] values = draw(rng, c.domains(), shapes);
            int[] out = BroadcastReference.shape(shapes);
            String where = c.name() + " shapes " + BroadcastShapes.describe(shapes);
            List<Var> vars = vars(c, shapes, values, DataType.DOUBLE);
            Var y = c.op().apply(vars);
            double[] expected = reference(c, out, shapes, values), actual = flat(y.value());
            for (int j = 0; j < expected.length; j++) {
                assertTrue(close(actual[j], expected[j], 1e-12, 1e-12), where + ": value " + j + " is " + actual[j]
                        + ", reference " + expected[j]);
            }
            double[] w = new double[BroadcastReference.size(out)];
            double w0 = 0.5 + rng.nextDouble();
            for (int j = 0; j < w.length; j++) {
                w[j] = c.summed() ? w0 : 0.5 + rng.nextDouble();
            }
            long[] seedShape = c.summed() ? new long[0] : BroadcastShapes.toLong(out);
            Gradients grads = Grad.grad(y, array(c.summed() ? new double[] {w0} : w, seedShape, DataType.DOUBLE), vars);
            for (int k = 0; k < shapes.length; k++) {
                if (c.domains()[k].mask()) {
                    continue;
                }
                double[] analytic = flat(grads.get(vars.get(k)));
                double[] chain = chainRule(c, out, shapes, values, w, k);
                for (int i = 0; i < chain.length; i++) {
                    assertTrue(close(analytic[i], chain[i], 1e-6, 1e-6), where + ": gradient of operand " + k
                            + " element " + i + " is " + analytic[i] + ", chain rule " + chain[i]);
                }
            }
        }
    }

    /** \(\sum_{j \to i} w_j\, \partial f/\partial x^{(k)}\) at each element \(i\) of operand \(k\), by index loops. */
    private static double[] chainRule(Case c, int[] out, int[][] shapes, double[][] values, double[] w, int k) {
        double[] grad = new double[values[k].length];
        double[] args = new double[shapes.length];
        for (int j = 0; j < w.length; j++) {
            int[] idx = BroadcastReference.unravel(j, out);
            for (int m = 0; m < shapes.length; m++) {
                args[m] = values[m][BroadcastReference.source(idx, shapes[m])];
            }
            double x = args[k];
            args[k] = x + EPS;
            double up = c.f().applyAsDouble(args);
            args[k] = x - EPS;
            double down = c.f().applyAsDouble(args);
            grad[BroadcastReference.source(idx, shapes[k])] += w[j] * (up - down) / (2 * EPS);
        }
        return grad;
    }

    /** Value, float64 gradient against finite differences of the reference, and float32 agreement. */
    private static void checkTrial(Case c, int[][] shapes, double[][] values, Random rng, List<String> failures, String where) {
        int[] out = BroadcastReference.shape(shapes);
        double[] expected = reference(c, out, shapes, values);
        long[] outShape = c.summed() ? new long[0] : BroadcastShapes.toLong(out);
        List<Var> vars = vars(c, shapes, values, DataType.DOUBLE);
        Var y = c.op().apply(vars);
        if (!Arrays.equals(outShape, y.shape())) {
            failures.add(where + ": shape " + Arrays.toString(y.shape()) + ", expected " + Arrays.toString(outShape));
            return;
        }
        double[] actual = flat(y.value());
        for (int j = 0; j < expected.length; j++) {
            if (!close(actual[j], expected[j], 1e-12, 1e-12)) {
                failures.add(where + ": value " + j + " is " + actual[j] + ", reference " + expected[j]);
                return;
            }
        }
        double[] w = new double[expected.length];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.5 + rng.nextDouble();
        }
        List<Var> params = new ArrayList<>();
        for (int k = 0; k < vars.size(); k++) {
            if (!c.domains()[k].mask()) {
                params.add(vars.get(k));
            }
        }
        Gradients grads = Grad.grad(y, array(w, outShape, DataType.DOUBLE), params);
        List<double[]> analytic = new ArrayList<>();
        for (int k = 0; k < vars.size(); k++) {
            if (c.domains()[k].mask()) {
                analytic.add(null);
                continue;
            }
            INDArray g = grads.get(vars.get(k));
            if (!Arrays.equals(g.shape(), BroadcastShapes.toLong(shapes[k]))) {
                failures.add(where + ": gradient of operand " + k + " has shape " + Arrays.toString(g.shape()));
                return;
            }
            double[] a = flat(g);
            analytic.add(a);
            for (int i = 0; i < a.length; i++) {
                double numeric = numericDerivative(c, out, shapes, values, w, k, i);
                if (!close(a[i], numeric, 1e-6, 1e-5)) {
                    failures.add(where + ": gradient of operand " + k + " element " + i + " is " + a[i]
                            + ", finite differences " + numeric);
                    return;
                }
            }
        }
        checkFloat32(c, shapes, values, outShape, expected, w, analytic, failures, where);
    }

    /** The same op in float32: values and gradients agree with float64 to single precision. */
    private static void checkFloat32(Case c, int[][] shapes, double[][] values, long[] outShape, double[] expected,
                                     double[] w, List<double[]> analytic, List<String> failures, String where) {
        List<Var> vars = vars(c, shapes, values, DataType.FLOAT);
        Var y = c.op().apply(vars);
        double[] actual = flat(y.value());
        for (int j = 0; j < expected.length; j++) {
            if (!close(actual[j], expected[j], 1e-5, 1e-5)) {
                failures.add(where + ": float32 value " + j + " is " + actual[j] + ", reference " + expected[j]);
                return;
            }
        }
        List<Var> params = new ArrayList<>();
        for (int k = 0; k < vars.size(); k++) {
            if (!c.domains()[k].mask()) {
                params.add(vars.get(k));
            }
        }
        Gradients grads = Grad.grad(y, array(w, outShape, DataType.FLOAT), params);
        for (int k = 0; k < vars.size(); k++) {
            if (analytic.get(k) == null) {
                continue;
            }
            double[] g = flat(grads.get(vars.get(k)));
            for (int i = 0; i < g.length; i++) {
                if (!close(g[i], analytic.get(k)[i], 1e-4, 1e-4)) {
                    failures.add(where + ": float32 gradient of operand " + k + " element " + i + " is " + g[i]
                            + ", float64 " + analytic.get(k)[i]);
                    return;
                }
            }
        }
    }

    /** {@link GradCheck} on the op itself: finite differences through the library's own forward pass. */
    private static void gradCheckTrial(Case c, int[][] shapes, double[][] values) {
        List<INDArray> inputs = new ArrayList<>();
        for (int k = 0; k < shapes.length; k++) {
            if (!c.domains()[k].mask()) {
                inputs.add(array(values[k], BroadcastShapes.toLong(shapes[k]), DataType.DOUBLE));
            }
        }
        GradCheck.verify(c.name() + " " + BroadcastShapes.describe(shapes), params -> {
            List<Var> all = new ArrayList<>();
            for (int k = 0, p = 0; k < shapes.length; k++) {
                INDArray fixed = array(values[k], BroadcastShapes.toLong(shapes[k]), DataType.DOUBLE);
                all.add(c.domains()[k].mask() ? Var.constant(fixed) : params.get(p++));
            }
            return c.op().apply(all);
        }, inputs.toArray(new INDArray[0]));
    }

    private static double[] reference(Case c, int[] out, int[][] shapes, double[][] values) {
        double[] y = BroadcastReference.apply(c.f(), out, shapes, values);
        if (!c.summed()) {
            return y;
        }
        double total = 0;
        for (double v : y) {
            total += v;
        }
        return new double[] {total};
    }

    /** \(\partial/\partial x^{(k)}_i \sum_j w_j y_j\) of the reference, by central differences. */
    private static double numericDerivative(Case c, int[] out, int[][] shapes, double[][] values, double[] w, int k, int i) {
        double[][] moved = values.clone();
        moved[k] = values[k].clone();
        moved[k][i] = values[k][i] + EPS;
        double up = weighted(c, out, shapes, moved, w);
        moved[k][i] = values[k][i] - EPS;
        double down = weighted(c, out, shapes, moved, w);
        return (up - down) / (2 * EPS);
    }

    private static double weighted(Case c, int[] out, int[][] shapes, double[][] values, double[] w) {
        double[] y = reference(c, out, shapes, values);
        double total = 0;
        for (int j = 0; j < y.length; j++) {
            total += w[j] * y[j];
        }
        return total;
    }

    private static double[][] draw(Random rng, Domain[] domains, int[][] shapes) {
        double[][] values = new double[shapes.length][];
        for (int k = 0; k < shapes.length; k++) {
            values[k] = new double[BroadcastReference.size(shapes[k])];
            for (int i = 0; i < values[k].length; i++) {
                values[k][i] = domains[k].draw(rng);
            }
        }
        return values;
    }

    /** Operands of {@code dtype}: parameters, or constants for mask operands. */
    private static List<Var> vars(Case c, int[][] shapes, double[][] values, DataType dtype) {
        List<Var> vars = new ArrayList<>();
        for (int k = 0; k < shapes.length; k++) {
            INDArray a = array(values[k], BroadcastShapes.toLong(shapes[k]), dtype);
            vars.add(c.domains()[k].mask() ? Var.constant(a) : Var.param(a));
        }
        return vars;
    }

    static INDArray array(double[] values, long[] shape, DataType dtype) {
        INDArray a = shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
        return a.castTo(dtype);
    }

    static double[] flat(INDArray a) {
        INDArray c = a.castTo(DataType.DOUBLE).dup('c').reshape(a.length());
        double[] out = new double[(int) a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.getDouble(i);
        }
        return out;
    }

    private static boolean close(double actual, double expected, double atol, double rtol) {
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }
}
