package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static dev.ppl.autodiff.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.kernels.Kernels;
import dev.ppl.autodiff.Var;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Ops that run small arrays through the small-array Java kernels ({@link Kernels#smallAndReadable}) and large ones through ND4J give the same
 * values and gradients on both paths: each op runs once on a [200, 200] float64 input (40,000
 * elements, ND4J) and once on each half of its rows (20,000 elements, Java), and the halves'
 * results, stacked, must equal the whole's.
 */
class SmallAndLargePathsTest {
    private static final int ROWS = 200;

    private record Outcome(INDArray value, INDArray gradA, INDArray gradB) {}

    /** Value of {@code f(a, b)} and the gradients of {@code sum(w * f(a, b))}. */
    private static Outcome run(BinaryOperator<Var> f, INDArray a, INDArray b, INDArray w) {
        Var va = Var.param(a), vb = Var.param(b);
        Var y = f.apply(va, vb);
        Gradients g = Grad.grad(y.mul(Var.constant(w)).sum(), List.of(va, vb));
        INDArray ga = g.reaches(va) ? g.get(va) : Nd4j.zerosLike(a);
        INDArray gb = g.reaches(vb) ? g.get(vb) : Nd4j.zerosLike(b);
        return new Outcome(y.value().dup(), ga.dup(), gb.dup());
    }

    private static INDArray rows(INDArray m, int from, int to) {
        return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }

    private static void assertSamePaths(String name, BinaryOperator<Var> f, INDArray a, INDArray b) {
        INDArray w = normal(99, a.shape());
        assertFalse(Kernels.smallAndReadable(a), "the whole must take the ND4J path");
        assertTrue(Kernels.smallAndReadable(rows(a, 0, ROWS / 2)), "a half must take the Java path");
        Outcome whole = run(f, a, b, w);
        Outcome top = run(f, rows(a, 0, ROWS / 2), rows(b, 0, ROWS / 2), rows(w, 0, ROWS / 2));
        Outcome bottom = run(f, rows(a, ROWS / 2, ROWS), rows(b, ROWS / 2, ROWS), rows(w, ROWS / 2, ROWS));
        assertClose(name + " value", whole.value(), Nd4j.vstack(top.value(), bottom.value()));
        assertClose(name + " gradient a", whole.gradA(), Nd4j.vstack(top.gradA(), bottom.gradA()));
        assertClose(name + " gradient b", whole.gradB(), Nd4j.vstack(top.gradB(), bottom.gradB()));
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        for (long i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i), x = actual.getDouble(i);
            assertEquals(e, x, 1e-14 * Math.max(1, Math.abs(e)), what + " at " + i);
        }
    }

    @Test
    void binaryArithmeticAgreesOnBothPaths() {
        INDArray a = normal(1, ROWS, 200), b = uniform(2, 0.5, 2, ROWS, 200);
        assertSamePaths("mul", Var::mul, a, b);
        assertSamePaths("div", Var::div, a, b);
        assertSamePaths("add", Var::add, a, b);
        assertSamePaths("sub", Var::sub, a, b);
    }

    @Test
    void constantOperandArithmeticAgreesOnBothPaths() {
        INDArray a = uniform(3, 0.5, 2, ROWS, 200), b = normal(4, ROWS, 200);
        assertSamePaths("add c", (x, y) -> x.add(2.5).add(y), a, b);
        assertSamePaths("mul c", (x, y) -> x.mul(-3.0).add(y), a, b);
        assertSamePaths("rsub c", (x, y) -> x.rsub(1.5).add(y), a, b);
        assertSamePaths("rdiv c", (x, y) -> x.rdiv(2.0).add(y), a, b);
        assertSamePaths("neg", (x, y) -> x.neg().add(y), a, b);
    }

    @Test
    void clampExpAndSlicesAgreeOnBothPaths() {
        INDArray a = normal(5, ROWS, 200).muli(3), b = normal(6, ROWS, 200);
        assertSamePaths("clamp", (x, y) -> x.clamp(-1, 2).mul(y), a, b);
        assertSamePaths("exp", (x, y) -> x.mul(0.2).exp().mul(y), a, b);
        assertSamePaths("slices", (x, y) -> Indexing.concat(1, x.slice(1, 50, 200), x.slice(1, 0, 50)).mul(y), a, b);
    }

    @Test
    void normalLogDensityAgreesOnBothPaths() {
        INDArray a = normal(7, ROWS, 200), b = uniform(8, 0.5, 2, ROWS, 200);
        assertSamePaths("normal", (x, s) -> Likelihoods.normal(x, x.mul(0.5).slice(1, 0, 200), s), a, b);
    }

    @Test
    void normalTotalLogDensityGradientsAgreeOnBothPaths() {
        INDArray x = normal(9, ROWS, 200), loc = normal(10, ROWS, 200), s = uniform(11, 0.5, 2, ROWS, 200);
        for (double seed : new double[] {1.0, -1.0, 2.5}) {
            INDArray[] whole = normalSumGradients(x, loc, s, seed);
            INDArray[] top = normalSumGradients(rows(x, 0, ROWS / 2), rows(loc, 0, ROWS / 2), rows(s, 0, ROWS / 2), seed);
            INDArray[] bottom = normalSumGradients(rows(x, ROWS / 2, ROWS), rows(loc, ROWS / 2, ROWS), rows(s, ROWS / 2, ROWS), seed);
            for (int i = 0; i < 3; i++) {
                assertClose("normalSum gradient " + i + " for seed " + seed, whole[i], Nd4j.vstack(top[i], bottom[i]));
            }
        }
    }

    private static INDArray[] normalSumGradients(INDArray x, INDArray loc, INDArray s, double seed) {
        Var vx = Var.param(x), vl = Var.param(loc), vs = Var.param(s);
        Gradients g = Grad.grad(Likelihoods.normalSum(vx, vl, vs), Nd4j.scalar(seed), List.of(vx, vl, vs));
        return new INDArray[] {g.get(vx).dup(), g.get(vl).dup(), g.get(vs).dup()};
    }
}
