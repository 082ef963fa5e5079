package dev.ppl.autodiff.ops;

import static dev.ppl.autodiff.TestArrays.normal;
import static dev.ppl.autodiff.TestArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.GradCheck;
import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ArithmeticTest {
    @Test
    void addBroadcastsBothOperandsAndSumsGradientsBack() {
        GradCheck.verify("add", v -> v.get(0).add(v.get(1)), normal(1, 3, 1), normal(2, 1, 4));
        GradCheck.verify("add rank", v -> v.get(0).add(v.get(1)), normal(1, 2, 3, 4), normal(2, 4));
        GradCheck.verify("add scalar", v -> v.get(0).add(v.get(1)), normal(1, 2, 3), normal(2));
    }

    @Test
    void subMulDivHaveCorrectGradientsUnderBroadcasting() {
        GradCheck.verify("sub", v -> v.get(0).sub(v.get(1)), normal(3, 3, 4), normal(4, 4));
        GradCheck.verify("mul", v -> v.get(0).mul(v.get(1)), normal(5, 3, 4), normal(6, 3, 1));
        GradCheck.verify("div", v -> v.get(0).div(v.get(1)), normal(7, 3, 4), uniform(8, 0.5, 2, 1, 4));
    }

    @Test
    void mutualBroadcastingAcrossRanksWidensBothOperands() {
        // [2, 1] with [3] -> [2, 3]: ND4J's own ops only broadcast the right operand into the left's shape
        GradCheck.verify("add [2,1]+[3]", v -> v.get(0).add(v.get(1)), normal(21, 2, 1), normal(22, 3));
        GradCheck.verify("sub [3]-[2,1]", v -> v.get(0).sub(v.get(1)), normal(23, 3), normal(24, 2, 1));
        GradCheck.verify("mul [2,1]*[3]", v -> v.get(0).mul(v.get(1)), normal(25, 2, 1), normal(26, 3));
        GradCheck.verify("mul [3]*[2,1,1]", v -> v.get(0).mul(v.get(1)), normal(27, 3), normal(28, 2, 1, 1));
        GradCheck.verify("div [2,1]/[3]", v -> v.get(0).div(v.get(1)), normal(29, 2, 1), uniform(30, 0.5, 2, 3));
        GradCheck.verify("pow [2,1]^[3]", v -> v.get(0).pow(v.get(1)), uniform(31, 0.5, 2, 2, 1), normal(32, 3));
    }

    @Test
    void powWithTensorExponentDifferentiatesBaseAndExponent() {
        GradCheck.verify("pow", v -> v.get(0).pow(v.get(1)), uniform(9, 0.5, 2, 2, 3), normal(10, 2, 3));
    }

    @Test
    void scalarOperandOpsHaveCorrectGradients() {
        GradCheck.verify("add c", v -> v.get(0).add(2.5), normal(11, 5));
        GradCheck.verify("sub c", v -> v.get(0).sub(2.5), normal(11, 5));
        GradCheck.verify("mul c", v -> v.get(0).mul(-3.0), normal(12, 5));
        GradCheck.verify("div c", v -> v.get(0).div(4.0), normal(12, 5));
        GradCheck.verify("rsub", v -> v.get(0).rsub(1.0), normal(13, 5));
        GradCheck.verify("rdiv", v -> v.get(0).rdiv(2.0), uniform(14, 0.5, 2, 5));
        GradCheck.verify("pow c", v -> v.get(0).pow(2.5), uniform(15, 0.5, 2, 5));
        GradCheck.verify("neg", v -> v.get(0).neg(), normal(16, 5));
        GradCheck.verify("square", v -> v.get(0).square(), normal(17, 2, 2));
    }

    @Test
    void incompatibleShapesNameTheOpAndBothShapes() {
        Var a = Var.param(normal(1, 3, 4));
        Var b = Var.param(normal(2, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.mul(b));
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5]"),
                e.getMessage());
    }

    @Test
    void mixingDataTypesIsAnErrorNamingBothTypes() {
        Var a = Var.param(Nd4j.ones(DataType.FLOAT, 2));
        Var b = Var.param(Nd4j.ones(DataType.DOUBLE, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
        assertArrayEquals(new long[] {2}, a.add(b.cast(DataType.FLOAT)).shape());
    }

    @Test
    void rankZeroOperandsGiveExactValuesTypesAndGradients() {
        Var a = Var.constant(Nd4j.scalar(DataType.FLOAT, 1.5f)), b = Var.constant(Nd4j.scalar(DataType.FLOAT, -0.25f));
        Var sum = a.add(b), diff = a.sub(b), prod = a.mul(b);
        org.junit.jupiter.api.Assertions.assertEquals(1.25, sum.item());
        org.junit.jupiter.api.Assertions.assertEquals(1.75, diff.item());
        org.junit.jupiter.api.Assertions.assertEquals(-0.375, prod.item());
        for (Var v : new Var[] {sum, diff, prod}) {
            org.junit.jupiter.api.Assertions.assertEquals(DataType.FLOAT, v.dtype());
            assertArrayEquals(new long[0], v.shape());
        }
        GradCheck.verify("rank-0 add, sub, mul", v -> v.get(0).add(v.get(1)).mul(v.get(0)).sub(v.get(1).mul(v.get(1))),
                Nd4j.scalar(0.7), Nd4j.scalar(-1.3));
        GradCheck.verify("rank-0 rsub", v -> v.get(0).rsub(2.0).mul(v.get(0)), Nd4j.scalar(0.4));
    }
}
