package dev.ppl.examples.air;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AIR's values under parallel enumeration: shaped {@code [E..., n, k...]}, where {@code n} is the
 * minibatch plate and the leading dims {@code E} are the enumeration dims of the presence choices
 * made so far (each of size 2 or 1, left of the plate, as the dimensions contract places them).
 * The networks of the model and guide take {@code [N, k...]}: {@link #flatten} broadcasts a value to
 * given leading dims and merges them into the batch, \([E..., n, k...] \to [\prod E \cdot n, k...]\),
 * and {@link #unflatten} splits them back out. Without enumeration {@code E} is empty and both are
 * the identity. Broadcasting copies values; its gradient sums back over the copies.
 */
final class EnumerationDims {
    private EnumerationDims() {}

    /** The common leading dims of values whose last {@code trailing} dims (the plate's and the features') are their own. */
    static long[] common(int trailing, Var... values) {
        long[] lead = new long[0];
        for (Var v : values) {
            lead = Shapes.broadcast("AIR enumeration dims", lead, leading(v.shape(), trailing));
        }
        return lead;
    }

    /** The leading dims of {@code shape} left of its last {@code trailing}. */
    static long[] leading(long[] shape, int trailing) {
        if (shape.length < trailing) {
            throw new IllegalArgumentException("AIR: a value of shape " + Shapes.str(shape) + " has fewer than " + trailing
                    + " dims (the plate's and the features')");
        }
        return Arrays.copyOf(shape, shape.length - trailing);
    }

    /** {@code v [E'..., n, k...]} broadcast to leading dims {@code lead} and merged into the batch: {@code [prod(lead) n, k...]}. */
    static Var flatten(Var v, long[] lead, int trailing) {
        long[] s = v.shape();
        long[] own = Arrays.copyOfRange(s, s.length - trailing, s.length);
        if (lead.length == 0 && s.length == trailing) {
            return v;
        }
        long[] full = concat(lead, own);
        long[] flat = own.clone();
        flat[0] *= product(lead);
        return v.broadcastTo(full).reshape(flat);
    }

    /** {@code v [prod(lead) n, k...]} with the leading dims split out again: {@code [lead..., n, k...]}. */
    static Var unflatten(Var v, long[] lead, long n) {
        if (lead.length == 0) {
            return v;
        }
        long[] s = v.shape();
        long[] own = s.clone();
        own[0] = n;
        return v.reshape(concat(lead, own));
    }

    /** \(a \cdot b\) broadcast (float32), for presence indicators of different enumeration dims. */
    static INDArray times(INDArray a, INDArray b) {
        INDArray fa = a.castTo(DataType.FLOAT), fb = b.castTo(DataType.FLOAT);
        if (Arrays.equals(fa.shape(), fb.shape())) {
            return fa.mul(fb);
        }
        return Var.constant(fa).mul(Var.constant(fb)).value();
    }

    /** {@code shape} with {@code k} appended. */
    static long[] append(long[] shape, long k) {
        long[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = k;
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            p *= d;
        }
        return p;
    }
}
