package dev.ppl.autodiff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded float64 test inputs. */
public final class TestArrays {
    private TestArrays() {}

    /** Standard normal entries, reproducible from {@code seed}. */
    public static INDArray normal(long seed, long... shape) {
        return Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(seed), shape).castTo(DataType.DOUBLE);
    }

    /** Uniform entries in [lo, hi), reproducible from {@code seed}. */
    public static INDArray uniform(long seed, double lo, double hi, long... shape) {
        return Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(seed), shape).castTo(DataType.DOUBLE)
                .muli(hi - lo).addi(lo);
    }
}
