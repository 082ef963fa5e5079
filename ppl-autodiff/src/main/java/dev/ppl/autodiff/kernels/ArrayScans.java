package dev.ppl.autodiff.kernels;

import dev.ppl.autodiff.Shapes;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact tests over every element of an array, run in Java over its buffer in chunks of
 * {@value #CHUNK} elements (copied into a small per-thread heap array): one read of the data and
 * no output array, where ND4J needs two or three native passes and a temporary of the array's
 * size.
 * <ul>
 *   <li>{@link #allZeroOrOne}: whether every element is exactly {@code 0.0} or {@code 1.0}, decided
 *       on the bit patterns: with \(K\) the bits of {@code 1.0}, an element's bits \(b\) pass iff
 *       \(\min(b, b \oplus K) = 0\), which holds for \(b = 0\) and \(b = K\) only (both operands are
 *       non-zero otherwise, so their minimum is too); the test ORs these minima. NaN, infinities,
 *       {@code -0.0} and every other value fail it.</li>
 * </ul>
 * They apply ({@link #scannable}) on the CPU backend to float32 and float64 arrays whose elements
 * fill one contiguous run of their buffer in c order.
 */
final class ArrayScans {
    /** Elements copied to the heap at a time. */
    public static final int CHUNK = 4096;

    private static final boolean CPU = Nd4j.getEnvironment().isCPU();
    private static final int ONE_FLOAT = Float.floatToRawIntBits(1.0f);
    private static final long ONE_DOUBLE = Double.doubleToRawLongBits(1.0);
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[CHUNK]);
    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[CHUNK]);

    private ArrayScans() {}

    /** Whether the scans apply to {@code x}: CPU backend, float32 or float64, dense in c order. */
    public static boolean scannable(INDArray x) {
        DataType t = x.dataType();
        return CPU && (t == DataType.FLOAT || t == DataType.DOUBLE) && !x.isEmpty() && SmallKernels.denseC(x);
    }

    /**
     * Whether every element of {@code x} is exactly {@code 0.0} or {@code 1.0} (see the class
     * comment).
     *
     * @throws IllegalArgumentException if {@code x} is not {@link #scannable}
     */
    public static boolean allZeroOrOne(INDArray x) {
        if (!scannable(x)) {
            throw new IllegalArgumentException("allZeroOrOne: need a dense c-order float32 or float64 array on the CPU, got "
                    + x.dataType() + Shapes.str(x.shape()) + " with strides " + java.util.Arrays.toString(x.stride()));
        }
        long n = x.length();
        Pointer p = x.data().addressPointer();
        if (x.dataType() == DataType.FLOAT) {
            FloatPointer f = new FloatPointer(p); // a copy: moving its position leaves ND4J's pointer alone
            float[] buf = FLOATS.get();
            int acc = 0;
            for (long off = 0; off < n && acc == 0; off += CHUNK) {
                int len = (int) Math.min(CHUNK, n - off);
                f.position(off).get(buf, 0, len);
                for (int i = 0; i < len; i++) {
                    int b = Float.floatToRawIntBits(buf[i]);
                    acc |= Math.min(b, b ^ ONE_FLOAT);
                }
            }
            return acc == 0;
        }
        DoublePointer d = new DoublePointer(p);
        double[] buf = DOUBLES.get();
        long acc = 0;
        for (long off = 0; off < n && acc == 0; off += CHUNK) {
            int len = (int) Math.min(CHUNK, n - off);
            d.position(off).get(buf, 0, len);
            for (int i = 0; i < len; i++) {
                long b = Double.doubleToRawLongBits(buf[i]);
                acc |= Math.min(b, b ^ ONE_DOUBLE);
            }
        }
        return acc == 0;
    }
}
