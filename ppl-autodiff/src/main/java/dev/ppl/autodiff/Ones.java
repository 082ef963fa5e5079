package dev.ppl.autodiff;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-thread cache of constant rows of ones (for sums written as GEMMs); never modified. */
final class Ones {
    private static final ThreadLocal<Map<String, INDArray>> CACHE = ThreadLocal.withInitial(HashMap::new);

    private Ones() {}

    /** A {@code [1, n]} row of ones of {@code dtype}, allocated outside any arena. */
    static INDArray row(DataType dtype, long n) {
        return CACHE.get().computeIfAbsent(dtype + ":" + n, k -> Arena.outside(() -> Nd4j.ones(dtype, 1, n)));
    }
}
