package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class LikelihoodsTest {
    private static INDArray binary(long seed, long... shape) {
        return normal(seed, shape).gt(0.0).castTo(DataType.DOUBLE);
    }

    @Test
    void bernoulliLogitsGradientsMatchFiniteDifferencesInBothArguments() {
        GradCheck.verify("bernoulliLogits", v -> Likelihoods.bernoulliLogits(v.get(0), v.get(1)),
                normal(1, 3, 4), normal(2, 3, 4).muli(3));
        GradCheck.verify("bernoulliLogits binary x", v -> Likelihoods.bernoulliLogits(Var.constant(binary(3, 3, 4)), v.get(0)),
                normal(4, 3, 4).muli(3));
    }

    @Test
    void bernoulliLogitsEqualsTheCompositeExpressionAndTheClosedForm() {
        INDArray x = binary(5, 4, 5), l = normal(6, 4, 5).muli(4);
        Var composite = Var.constant(x).mul(Var.constant(l)).sub(Var.constant(l).softplus());
        INDArray fused = Likelihoods.bernoulliLogits(Var.constant(x), Var.constant(l)).value();
        assertTrue(fused.equalsWithEps(composite.value(), 1e-12), fused + " vs " + composite.value());
        for (int i = 0; i < 20; i++) {
            double li = l.getDouble(i), p = 1 / (1 + Math.exp(-li));
            assertEquals(x.getDouble(i) == 1 ? Math.log(p) : Math.log1p(-p), fused.getDouble(i), 1e-12);
        }
    }

    @Test
    void bernoulliLogitsDoesNotOverflowInFloat32() {
        Var l = Var.constant(Nd4j.createFromArray(200f, -200f, 200f, -200f));
        Var x = Var.constant(Nd4j.createFromArray(1f, 0f, 0f, 1f));
        INDArray y = Likelihoods.bernoulliLogits(x, l).value();
        assertEquals(0.0, y.getDouble(0), 1e-6);
        assertEquals(0.0, y.getDouble(1), 1e-6);
        assertEquals(-200.0, y.getDouble(2), 1e-3);
        assertEquals(-200.0, y.getDouble(3), 1e-3);
        assertEquals(DataType.FLOAT, y.dataType());
    }

    @Test
    void bernoulliLogitsRejectsDifferentShapesAndTypesNamingThem() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Likelihoods.bernoulliLogits(Var.constant(normal(1, 2, 3)), Var.constant(normal(2, 3))));
        assertTrue(shape.getMessage().contains("x[2, 3]") && shape.getMessage().contains("logits[3]"), shape.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Likelihoods.bernoulliLogits(Var.constant(normal(1, 3).castTo(DataType.FLOAT)), Var.constant(normal(2, 3))));
        assertTrue(type.getMessage().contains("FLOAT") && type.getMessage().contains("DOUBLE"), type.getMessage());
    }

    @Test
    void normalGradientsMatchFiniteDifferencesWithAndWithoutBroadcasting() {
        GradCheck.verify("normal", v -> Likelihoods.normal(v.get(0), v.get(1), v.get(2)),
                normal(7, 3, 4), normal(8, 3, 4), Transforms.exp(normal(9, 3, 4), false));
        GradCheck.verify("normal, scalar scale", v -> Likelihoods.normal(v.get(0), v.get(1), v.get(2)),
                normal(10, 3, 4), normal(11, 4), Nd4j.scalar(0.7));
        GradCheck.verify("normal, broadcast x", v -> Likelihoods.normal(v.get(0), v.get(1), v.get(2)),
                normal(12, 4), normal(13, 3, 4), Transforms.exp(normal(14, 3, 1), false));
        GradCheck.verify("normal, x [2] and loc [3, 1]", v -> Likelihoods.normal(v.get(0), v.get(1), v.get(2)),
                normal(15, 2), normal(16, 3, 1), Transforms.exp(normal(17, 2), false));
        GradCheck.verify("normal, scale [4, 1, 1]", v -> Likelihoods.normal(v.get(0), v.get(1), v.get(2)),
                normal(18, 2), normal(19, 3, 1), Transforms.exp(normal(20, 4, 1, 1), false));
    }

    @Test
    void normalMatchesCommonsMath() {
        INDArray x = normal(15, 2, 5).muli(3), mu = normal(16, 5), s = Transforms.exp(normal(17, 2, 1), false);
        INDArray y = Likelihoods.normal(Var.constant(x), Var.constant(mu), Var.constant(s)).value();
        assertArrayEquals(new long[] {2, 5}, y.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                double expected = new NormalDistribution(mu.getDouble(j), s.getDouble(i, 0)).logDensity(x.getDouble(i, j));
                assertEquals(expected, y.getDouble(i, j), 1e-12);
            }
        }
    }

    @Test
    void normalRejectsShapesThatDoNotBroadcastNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Likelihoods.normal(Var.constant(normal(1, 2, 3)), Var.constant(normal(2, 4)), Var.constant(Nd4j.scalar(1.0))));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void bernoulliLogitsSumEqualsTheSumOfTheElementwiseOp() {
        INDArray x = binary(20, 6, 7), l = normal(21, 6, 7).muli(5);
        Var total = Likelihoods.bernoulliLogitsSum(Var.constant(x), Var.constant(l));
        assertEquals(0, total.rank());
        double expected = Likelihoods.bernoulliLogits(Var.constant(x), Var.constant(l)).value().sumNumber().doubleValue();
        assertEquals(expected, total.item(), 1e-12 * Math.abs(expected));
    }

    @Test
    void bernoulliLogitsSumGradientsMatchFiniteDifferencesForAnySeed() {
        // seeds +1, -1 and 2.5 take the three branches of the backward rule
        for (double c : new double[] {1.0, -1.0, 2.5}) {
            GradCheck.verify("bernoulliLogitsSum x " + c, v -> Likelihoods.bernoulliLogitsSum(v.get(0), v.get(1)).mul(c),
                    normal(22, 3, 4), normal(23, 3, 4).muli(3));
            GradCheck.verify("bernoulliLogitsSum binary x, x " + c,
                    v -> Likelihoods.bernoulliLogitsSum(Var.constant(binary(24, 3, 4)), v.get(0)).mul(c), normal(25, 3, 4).muli(3));
        }
    }

    @Test
    void bernoulliLogitsSumDoesNotOverflowInFloat32AndKeepsTheType() {
        Var l = Var.constant(Nd4j.createFromArray(200f, -200f, 200f, -200f));
        Var x = Var.constant(Nd4j.createFromArray(1f, 0f, 0f, 1f));
        Var y = Likelihoods.bernoulliLogitsSum(x, l);
        assertEquals(-400.0, y.item(), 1e-3);
        assertEquals(DataType.FLOAT, y.dtype());
    }

    @Test
    void bernoulliLogitsSumRejectsDifferentShapesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Likelihoods.bernoulliLogitsSum(Var.constant(normal(1, 2, 3)), Var.constant(normal(2, 3))));
        assertTrue(e.getMessage().contains("x[2, 3]") && e.getMessage().contains("logits[3]"), e.getMessage());
    }

    @Test
    void normalSumEqualsTheSumOfTheElementwiseOpUnderBroadcasting() {
        INDArray[][] cases = {
            {normal(30, 3, 4), normal(31, 3, 4), Transforms.exp(normal(32, 3, 4), false)},
            {normal(33, 3, 4), normal(34, 4), Nd4j.scalar(0.7)},
            {normal(35, 4), normal(36, 3, 4), Transforms.exp(normal(37, 3, 1), false)},
            {normal(38, 3, 4), Nd4j.zeros(DataType.DOUBLE, 3, 4), Nd4j.scalar(1.0)}};
        for (INDArray[] c : cases) {
            Var[] v = {Var.constant(c[0]), Var.constant(c[1]), Var.constant(c[2])};
            double expected = Likelihoods.normal(v[0], v[1], v[2]).value().sumNumber().doubleValue();
            Var total = Likelihoods.normalSum(v[0], v[1], v[2]);
            assertEquals(0, total.rank());
            assertEquals(expected, total.item(), 1e-12 * Math.abs(expected));
        }
    }

    @Test
    void normalSumMatchesCommonsMath() {
        INDArray x = normal(39, 2, 5).muli(3), mu = normal(40, 5), s = Transforms.exp(normal(41, 2, 1), false);
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                expected += new NormalDistribution(mu.getDouble(j), s.getDouble(i, 0)).logDensity(x.getDouble(i, j));
            }
        }
        assertEquals(expected, Likelihoods.normalSum(Var.constant(x), Var.constant(mu), Var.constant(s)).item(), 1e-11);
    }

    @Test
    void normalSumGradientsMatchFiniteDifferencesWithBroadcastingAndAnySeed() {
        for (double c : new double[] {1.0, -1.0, 2.5}) {
            GradCheck.verify("normalSum x " + c, v -> Likelihoods.normalSum(v.get(0), v.get(1), v.get(2)).mul(c),
                    normal(42, 3, 4), normal(43, 3, 4), Transforms.exp(normal(44, 3, 4), false));
            GradCheck.verify("normalSum, scalar scale, x " + c, v -> Likelihoods.normalSum(v.get(0), v.get(1), v.get(2)).mul(c),
                    normal(45, 3, 4), normal(46, 4), Nd4j.scalar(0.7));
            GradCheck.verify("normalSum, broadcast x, x " + c, v -> Likelihoods.normalSum(v.get(0), v.get(1), v.get(2)).mul(c),
                    normal(47, 4), normal(48, 3, 4), Transforms.exp(normal(49, 3, 1), false));
            // a constant zero location and a unit scale: the shortcuts that skip the subtraction and the division
            Var zero = Var.constant(Nd4j.zeros(DataType.DOUBLE, 3, 4)), one = Var.constant(Nd4j.scalar(1.0));
            GradCheck.verify("normalSum, standard normal, x " + c, v -> Likelihoods.normalSum(v.get(0), zero, one).mul(c),
                    normal(50, 3, 4));
            GradCheck.verify("normalSum, zero location, x " + c, v -> Likelihoods.normalSum(v.get(0), zero, v.get(1)).mul(c),
                    normal(51, 3, 4), Nd4j.scalar(1.7));
        }
    }

    @Test
    void normalSumRejectsShapesThatDoNotBroadcastNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Likelihoods.normalSum(Var.constant(normal(1, 2, 3)), Var.constant(normal(2, 4)), Var.constant(Nd4j.scalar(1.0))));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }
}
