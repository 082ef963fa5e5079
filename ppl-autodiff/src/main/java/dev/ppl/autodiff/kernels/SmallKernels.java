package dev.ppl.autodiff.kernels;

import dev.ppl.autodiff.Shapes;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Elementwise kernels for small arrays, computed in Java: a native ND4J op costs 10-25 us per
 * call on a small CPU (JNI, op setup, waking its threads), while copying a few thousand elements
 * out, looping over them and copying the result back costs 1-4 us. The ops of this module call
 * them for the small tensors of a model (a latent layer's means and scales, its noise and
 * their gradients) and keep ND4J for large ones.
 *
 * <p>Each kernel computes in double precision and rounds the result to the output's type once:
 * for a float32 product, quotient or sum of two floats this is exactly IEEE float32 arithmetic
 * (the double result is exact or rounds innocuously), for the compound kernels it is at least as
 * accurate.
 * <ul>
 *   <li>{@link #product}: \(z_i = x_i y_i\); {@link #quotient}: \(z_i = x_i / y_i\);</li>
 *   <li>{@link #axpy}: \(z_i = x_i + \alpha y_i\); {@link #linear}: \(z_i = a x_i + b\);</li>
 *   <li>{@link #reciprocal}: \(z_i = c / x_i\);</li>
 *   <li>{@link #clamp}: \(z_i = \min(\max(x_i, lo), hi)\); {@link #passInside}: \(z_i = g_i\) where
 *       \(lo \le x_i \le hi\), else 0 (the clamp's backward pass);</li>
 *   <li>{@link #embed}: a slice's values placed in an array of zeros (a slice's gradient);</li>
 *   <li>{@link #min} and {@link #sumAbs}: the smallest element and \(\sum_i |x_i|\).</li>
 * </ul>
 *
 * <p>They apply ({@link #applies}) on the CPU backend to float32 and float64 arrays of at most
 * {@link #MAX_LENGTH} elements whose inputs are dense in c order or are row-major matrices with
 * unit column stride (a column range of a matrix, as {@code slice} returns), with outputs dense
 * in c order, all of one type and shape. Callers take ND4J's op otherwise.
 */
final class SmallKernels {
    /**
     * The largest number of elements handled in Java. Measured on a 2-core CPU (float32, median
     * per call): a product of 2,560 elements 2-8 us in Java against 15-19 us for ND4J's op, of
     * 20,000 elements 25-27 us against 57-75 us; at 40,000 elements the two come close (51 us
     * against 54-67 us), as ND4J's op then runs on both cores.
     */
    public static final long MAX_LENGTH = 32768;

    private static final boolean CPU = Nd4j.getEnvironment().isCPU();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SmallKernels() {}

    /** Per-thread buffers: three double arrays for operands and results, one array of the output type. */
    private static final class Scratch {
        final double[][] d = new double[3][];
        float[] f = new float[0];

        double[] doubles(int slot, int n) {
            double[] a = d[slot];
            if (a == null || a.length < n) {
                a = new double[Math.max(n, 64)];
                d[slot] = a;
            }
            return a;
        }

        float[] floats(int n) {
            if (f.length < n) {
                f = new float[n];
            }
            return f;
        }
    }

    /**
     * Whether the kernels apply to output {@code out} and inputs {@code in}: CPU backend, one
     * floating type (float32 or float64) and one shape for all, at most {@link #MAX_LENGTH}
     * elements, inputs readable (dense in c order, or a row-major matrix with unit column stride)
     * and the output dense in c order.
     */
    public static boolean applies(INDArray out, INDArray... in) {
        if (!writable(out)) {
            return false;
        }
        for (INDArray a : in) {
            if (a.dataType() != out.dataType() || !Arrays.equals(a.shape(), out.shape()) || !readable(a)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a} can be read by the kernels (see {@link #applies}). */
    public static boolean readable(INDArray a) {
        DataType t = a.dataType();
        if (!CPU || (t != DataType.FLOAT && t != DataType.DOUBLE) || a.length() > MAX_LENGTH || a.isEmpty()) {
            return false;
        }
        return denseC(a) || rowStrided(a);
    }

    private static boolean writable(INDArray a) {
        DataType t = a.dataType();
        return CPU && (t == DataType.FLOAT || t == DataType.DOUBLE) && a.length() <= MAX_LENGTH && !a.isEmpty() && denseC(a);
    }

    /** Whether the strides are those of a dense c-order array (size-1 axes ignored). */
    static boolean denseC(INDArray a) {
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** A rank-2 array whose rows are contiguous runs, {@code stride[0]} apart. */
    private static boolean rowStrided(INDArray a) {
        return a.rank() == 2 && a.stride(1) == 1 && a.stride(0) >= a.size(1);
    }

    /** The elements of readable {@code a} in c order, as doubles, in scratch slot {@code slot}. */
    static double[] read(INDArray a, int slot) {
        Scratch s = SCRATCH.get();
        int n = (int) a.length();
        double[] out = s.doubles(slot, n);
        boolean dense = denseC(a);
        int rows = dense ? 1 : (int) a.size(0);
        int cols = dense ? n : (int) a.size(1);
        int rowStride = dense ? n : (int) a.stride(0);
        int span = (rows - 1) * rowStride + cols;
        Pointer p = a.data().addressPointer();
        if (a.dataType() == DataType.FLOAT) {
            float[] f = s.floats(span);
            floats(p).get(f, 0, span);
            for (int r = 0, k = 0; r < rows; r++) {
                int base = r * rowStride;
                for (int c = 0; c < cols; c++) {
                    out[k++] = f[base + c];
                }
            }
        } else if (dense) {
            doubles(p).get(out, 0, n);
        } else {
            DoublePointer d = new DoublePointer(p); // a copy: moving its position leaves ND4J's pointer alone
            for (int r = 0; r < rows; r++) {
                d.position((long) r * rowStride).get(out, r * cols, cols);
            }
        }
        return out;
    }

    /** Writes the first {@code out.length()} values of {@code v} into dense c-order {@code out}, rounded to its type. */
    static INDArray write(double[] v, INDArray out) {
        int n = (int) out.length();
        Pointer p = out.data().addressPointer();
        if (out.dataType() == DataType.FLOAT) {
            float[] f = SCRATCH.get().floats(n);
            for (int i = 0; i < n; i++) {
                f[i] = (float) v[i];
            }
            floats(p).put(f, 0, n);
        } else {
            doubles(p).put(v, 0, n);
        }
        return out;
    }

    static FloatPointer floats(Pointer p) {
        return p instanceof FloatPointer f ? f : new FloatPointer(p);
    }

    static DoublePointer doubles(Pointer p) {
        return p instanceof DoublePointer d ? d : new DoublePointer(p);
    }

    /** \(z_i = x_i y_i\) into {@code out}. */
    public static INDArray product(INDArray x, INDArray y, INDArray out) {
        double[] a = read(x, 0), b = read(y, 1);
        int n = (int) out.length();
        for (int i = 0; i < n; i++) {
            a[i] *= b[i];
        }
        return write(a, out);
    }

    /** \(z_i = x_i / y_i\) into {@code out}. */
    public static INDArray quotient(INDArray x, INDArray y, INDArray out) {
        double[] a = read(x, 0), b = read(y, 1);
        int n = (int) out.length();
        for (int i = 0; i < n; i++) {
            a[i] /= b[i];
        }
        return write(a, out);
    }

    /** \(z_i = x_i + \alpha y_i\) into {@code out}. */
    public static INDArray axpy(INDArray x, double alpha, INDArray y, INDArray out) {
        double[] a = read(x, 0), b = read(y, 1);
        int n = (int) out.length();
        if (alpha == 1.0) {
            for (int i = 0; i < n; i++) {
                a[i] += b[i];
            }
        } else if (alpha == -1.0) {
            for (int i = 0; i < n; i++) {
                a[i] -= b[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                a[i] += alpha * b[i];
            }
        }
        return write(a, out);
    }

    /** \(z_i = a x_i + b\) into {@code out}. */
    public static INDArray linear(INDArray x, double a, double b, INDArray out) {
        double[] v = read(x, 0);
        int n = (int) out.length();
        for (int i = 0; i < n; i++) {
            v[i] = a * v[i] + b;
        }
        return write(v, out);
    }

    /** \(z_i = c / x_i\) into {@code out}. */
    public static INDArray reciprocal(double c, INDArray x, INDArray out) {
        double[] v = read(x, 0);
        int n = (int) out.length();
        for (int i = 0; i < n; i++) {
            v[i] = c / v[i];
        }
        return write(v, out);
    }

    /** \(z_i = \min(\max(x_i, lo), hi)\) into {@code out}; NaN stays NaN. */
    public static INDArray clamp(INDArray x, double lo, double hi, INDArray out) {
        double[] v = read(x, 0);
        int n = (int) out.length();
        for (int i = 0; i < n; i++) {
            double u = v[i];
            v[i] = u < lo ? lo : u > hi ? hi : u;
        }
        return write(v, out);
    }

    /** \(z_i = g_i\) where \(lo \le x_i \le hi\), else 0 (also where \(x_i\) is NaN), into {@code out}. */
    public static INDArray passInside(INDArray g, INDArray x, double lo, double hi, INDArray out) {
        double[] a = read(g, 0), b = read(x, 1);
        int n = (int) out.length();
        for (int i = 0; i < n; i++) {
            double u = b[i];
            a[i] = u >= lo && u <= hi ? a[i] : 0.0;
        }
        return write(a, out);
    }

    /**
     * Writes {@code part} into the elements {@code from .. from + part.size(axis) - 1} along
     * {@code axis} of {@code out} and zeros everywhere else (the gradient of a slice). {@code part}
     * must be readable and have {@code out}'s shape except along {@code axis}; {@code out} must be
     * writable (dense in c order, at most {@link #MAX_LENGTH} elements, {@code part}'s type).
     */
    public static INDArray embed(INDArray part, int axis, long from, INDArray out) {
        long[] ps = part.shape(), os = out.shape();
        if (!readable(part) || !writable(out) || part.dataType() != out.dataType() || ps.length != os.length
                || axis < 0 || axis >= os.length || from < 0 || from + ps[axis] > os[axis]) {
            throw new IllegalArgumentException("embed: cannot place " + part.dataType() + Shapes.str(ps) + " at " + from
                    + " along axis " + axis + " of " + out.dataType() + Shapes.str(os));
        }
        long outer = 1, inner = 1;
        for (int i = 0; i < os.length; i++) {
            if (i != axis && ps[i] != os[i]) {
                throw new IllegalArgumentException("embed: shapes " + Shapes.str(ps) + " and " + Shapes.str(os)
                        + " differ outside axis " + axis);
            }
            if (i < axis) {
                outer *= os[i];
            } else if (i > axis) {
                inner *= os[i];
            }
        }
        double[] g = read(part, 0);
        double[] z = SCRATCH.get().doubles(1, (int) out.length());
        Arrays.fill(z, 0, (int) out.length(), 0.0);
        int run = (int) (ps[axis] * inner), stride = (int) (os[axis] * inner), start = (int) (from * inner);
        for (int o = 0; o < outer; o++) {
            System.arraycopy(g, o * run, z, o * stride + start, run);
        }
        return write(z, out);
    }

    /** The smallest element of readable {@code x}; NaN if any element is NaN. */
    public static double min(INDArray x) {
        double[] v = read(x, 0);
        int n = (int) x.length();
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double u = v[i];
            if (!(u >= m)) {
                m = u; // also takes a NaN, which then stays (NaN >= anything is false, NaN < NaN too)
                if (Double.isNaN(u)) {
                    return u;
                }
            }
        }
        return m;
    }

    /** \(\sum_i |x_i|\) of readable {@code x}: NaN or infinite iff some element is (or the sum overflows). */
    public static double sumAbs(INDArray x) {
        double[] v = read(x, 0);
        int n = (int) x.length();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(v[i]);
        }
        return s;
    }
}
