package dev.ppl.autodiff.ops;

import dev.ppl.autodiff.HessianCheck;
import dev.ppl.autodiff.Var;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Float64 inputs for the second-order tests: random broadcast-compatible shapes, values in a domain. */
final class SecondOrderInputs {
    /** Trials (random shape combinations) per op. */
    static final int TRIALS = 12;

    private SecondOrderInputs() {}

    /** Where values are drawn: \(|v| \in [lo, hi]\), with a random sign when {@code signed}. */
    enum Domain {
        ANY(0.0, 2.0, true), AWAY_FROM_ZERO(0.3, 2.0, true), POSITIVE(0.5, 2.0, false);

        final double lo, hi;
        final boolean signed;

        Domain(double lo, double hi, boolean signed) {
            this.lo = lo;
            this.hi = hi;
            this.signed = signed;
        }
    }

    /** An array of {@code shape} with values drawn from {@code d}. */
    static INDArray draw(Random rng, Domain d, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            double m = d.lo + (d.hi - d.lo) * rng.nextDouble();
            v[i] = d.signed && rng.nextBoolean() ? -m : m;
        }
        return Nd4j.createFromArray(v).reshape(shape).castTo(DataType.DOUBLE);
    }

    /**
     * Checks a binary op's second derivatives over {@link #TRIALS} random broadcast-compatible
     * shape pairs, on \(op(x, y)\) itself and on \(op(x, y) \cdot x y\) (so the upstream gradient
     * reaching the op depends on the inputs too).
     */
    static void checkBinary(String name, BinaryOperator<Var> op, Domain dx, Domain dy, long seed) {
        Random rng = new Random(seed);
        for (int t = 0; t < TRIALS; t++) {
            int[][] shapes = BroadcastShapes.compatible(rng, 2);
            INDArray x = draw(rng, dx, BroadcastShapes.toLong(shapes[0]));
            INDArray y = draw(rng, dy, BroadcastShapes.toLong(shapes[1]));
            String where = name + " " + BroadcastShapes.describe(shapes);
            HessianCheck.verify(where, v -> op.apply(v.get(0), v.get(1)), x, y);
            HessianCheck.verify(where + " * xy", v -> op.apply(v.get(0), v.get(1)).mul(v.get(0).mul(v.get(1))), x, y);
        }
    }

    /**
     * Checks an elementwise unary op on \(f(x)\) and on \(f(x y)\, y\) for random broadcast-compatible
     * shapes of \(x\) and \(y\).
     */
    static void checkUnary(String name, Function<Var, Var> f, Domain dx, Domain dy, long seed) {
        Random rng = new Random(seed);
        for (int t = 0; t < TRIALS; t++) {
            int[][] shapes = BroadcastShapes.compatible(rng, 2);
            INDArray x = draw(rng, dx, BroadcastShapes.toLong(shapes[0]));
            INDArray y = draw(rng, dy, BroadcastShapes.toLong(shapes[1]));
            String where = name + " " + BroadcastShapes.describe(shapes);
            HessianCheck.verify(where, v -> f.apply(v.get(0)), x);
            HessianCheck.verify(where + " of xy, times y", v -> f.apply(v.get(0).mul(v.get(1))).mul(v.get(1)), x, y);
        }
    }

    /** Checks {@code f} of one input on \(f(x)\) and \(f(x)^2\). */
    static void checkOne(String name, Function<Var, Var> f, INDArray x) {
        HessianCheck.verify(name, v -> f.apply(v.get(0)), x);
        HessianCheck.verify(name + " squared", v -> f.apply(v.get(0)).square(), x);
    }

    /** Checks {@code f} of several inputs on \(f\) and \(f^2\). */
    static void checkMany(String name, Function<List<Var>, Var> f, INDArray... xs) {
        HessianCheck.verify(name, f, xs);
        HessianCheck.verify(name + " squared", v -> f.apply(v).square(), xs);
    }
}
