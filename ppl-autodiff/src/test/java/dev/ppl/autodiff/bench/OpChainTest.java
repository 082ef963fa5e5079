package dev.ppl.autodiff.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The op-chain benchmark's raw forward and hand-written backward compute what {@code Var} and {@code Grad.grad} do. */
class OpChainTest {
    private static INDArray input(DataType dtype) {
        return Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(13), new long[] {64, 64}).castTo(dtype);
    }

    @Test
    void rawForwardEqualsVarForward() {
        OpChain chain = new OpChain(50);
        INDArray x = input(DataType.FLOAT);
        INDArray raw = chain.forwardRaw(x);
        INDArray lib = chain.forwardVar(Var.param(x)).value();
        assertEquals(0.0, MlpBenchmark.maxAbsDiff(raw, lib), 1e-6);
    }

    @Test
    void handWrittenBackwardEqualsGradFloat32() {
        gradientsAgree(DataType.FLOAT, 50, 1e-5);
    }

    @Test
    void handWrittenBackwardEqualsGradFloat64() {
        gradientsAgree(DataType.DOUBLE, 50, 1e-12);
    }

    @Test
    void everyChainLengthAgrees() {
        for (int n = 1; n <= 7; n++) {
            gradientsAgree(DataType.DOUBLE, n, 1e-12);
        }
    }

    private static void gradientsAgree(DataType dtype, int length, double tol) {
        OpChain chain = new OpChain(length);
        INDArray x = input(dtype);
        INDArray seed = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(17), 64L, 64).castTo(dtype);
        INDArray seedCopy = seed.dup();
        INDArray raw = chain.gradRaw(x, seed);
        INDArray lib = chain.gradVar(x, seed);
        assertEquals(0.0, MlpBenchmark.maxAbsDiff(seed, seedCopy), "the seed was modified (length " + length + ")");
        assertTrue(lib.norm2Number().doubleValue() > 0, "zero gradient");
        assertEquals(0.0, MlpBenchmark.maxAbsDiff(raw, lib), tol, "length " + length + ", " + dtype);
    }
}
