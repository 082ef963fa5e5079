package dev.ppl.autodiff.nn;

import dev.ppl.autodiff.Var;

/**
 * An affine layer \(y = xW + b\) for inputs {@code [..., in]}, with \(W\) of shape
 * {@code [in, out]} and \(b\) of shape {@code [out]}, registered in a {@link Params.Builder} as
 * {@code <name>/w} and {@code <name>/b}. Default initialisation: Xavier-uniform weights, zero bias.
 */
public final class Linear {
    private final String weight;
    private final String bias;
    private final int in;
    private final int out;

    private Linear(String weight, String bias, int in, int out) {
        this.weight = weight;
        this.bias = bias;
        this.in = in;
        this.out = out;
    }

    /** Registers a layer with Xavier-uniform weights and zero bias. */
    public static Linear create(Params.Builder params, String name, int in, int out) {
        return create(params, name, in, out, Init.xavierUniform());
    }

    /** Registers a layer whose weight is initialised by {@code weightInit} and bias by zeros. */
    public static Linear create(Params.Builder params, String name, int in, int out, Init weightInit) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear '" + name + "': sizes must be positive, got in=" + in + ", out=" + out);
        }
        return new Linear(params.add(name + "/w", weightInit, in, out), params.add(name + "/b", Init.zeros(), out), in, out);
    }

    /** \(xW + b\) with this layer's parameters taken from {@code params}. */
    public Var apply(Params params, Var x) {
        long[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != in) {
            throw new IllegalArgumentException("Linear '" + weight + "': input shape " + java.util.Arrays.toString(s)
                    + " does not end in " + in);
        }
        if (s.length == 2) {
            return dev.ppl.autodiff.ops.Linalg.affine(x, params.get(weight), params.get(bias));
        }
        return x.matmul(params.get(weight)).add(params.get(bias));
    }

    /** Input width. */
    public int in() { return in; }
    /** Output width. */
    public int out() { return out; }
}
