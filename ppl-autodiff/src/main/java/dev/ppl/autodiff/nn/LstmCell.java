package dev.ppl.autodiff.nn;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.ops.Linalg;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One step of a long short-term memory cell (Hochreiter and Schmidhuber 1997, with the forget
 * gate of Gers et al. 2000), as PyTorch's {@code LSTMCell}. For input {@code x [N, in]} and state
 * \((h, c)\), each {@code [N, hidden]}, one GEMM gives the four gate pre-activations
 * \(z = [x, h]\, W + b\), {@code [N, 4 hidden]}, in blocks of {@code hidden} columns in the order
 * <b>input, forget, cell, output</b> (PyTorch's order), and
 * \[ i = \sigma(z_i),\quad f = \sigma(z_f),\quad g = \tanh(z_g),\quad o = \sigma(z_o),\qquad
 *    c' = f \odot c + i \odot g,\quad h' = o \odot \tanh(c'). \]
 *
 * <p>Registered in a {@link Params.Builder} as {@code <name>/w} {@code [in + hidden, 4 hidden]}
 * (the rows for \(x\) first, then those for \(h\)) and {@code <name>/b} {@code [4 hidden]}. The
 * weight is initialised \(U(-1/\sqrt{\text{hidden}}, 1/\sqrt{\text{hidden}})\) (PyTorch's
 * default); the bias is 0 except the forget block, which is 1 (Jozefowicz et al. 2015), so that a
 * fresh cell keeps most of its memory, \(f \approx \sigma(1) \approx 0.73\), and gradients reach
 * earlier steps.
 */
public final class LstmCell {
    private final String name;
    private final String weight;
    private final String bias;
    private final int in;
    private final int hidden;

    private LstmCell(String name, String weight, String bias, int in, int hidden) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
        this.in = in;
        this.hidden = hidden;
    }

    /**
     * The cell's state \((h, c)\): the output and the memory, each {@code [N, hidden]}.
     *
     * @param h the hidden output \(h\)
     * @param c the cell memory \(c\)
     */
    public record State(Var h, Var c) {
        /** @throws IllegalArgumentException if {@code h} and {@code c} are not of one {@code [N, hidden]} shape and type */
        public State {
            if (h.rank() != 2 || !java.util.Arrays.equals(h.shape(), c.shape()) || h.dtype() != c.dtype()) {
                throw new IllegalArgumentException("LstmCell.State: h " + h.dtype() + Shapes.str(h.shape()) + " and c "
                        + c.dtype() + Shapes.str(c.shape()) + " must both be [N, hidden] of one type");
            }
        }

        /** The usual initial state: \(h = c = 0\), constants {@code [n, hidden]} of {@code dtype}. */
        public static State zeros(int n, int hidden, DataType dtype) {
            return new State(Var.constant(Nd4j.zeros(dtype, n, hidden)), Var.constant(Nd4j.zeros(dtype, n, hidden)));
        }
    }

    /** Registers a cell with {@code in} inputs and {@code hidden} units, initialised as the class comment says. */
    public static LstmCell create(Params.Builder params, String name, int in, int hidden) {
        if (in <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("LstmCell '" + name + "': sizes must be positive, got in=" + in
                    + ", hidden=" + hidden);
        }
        String w = params.add(name + "/w", Init.uniform(1.0 / Math.sqrt(hidden)), in + hidden, 4L * hidden);
        String b = params.add(name + "/b", (t, seed) -> {
            t.assign(0);
            t.get(NDArrayIndex.interval(hidden, 2L * hidden)).assign(1.0);
        }, 4L * hidden);
        return new LstmCell(name, w, b, in, hidden);
    }

    /** One step from {@code previous} on input {@code x [N, in]}: the new state \((h', c')\). */
    public State apply(Params params, Var x, State previous) {
        check(params, x, previous);
        return step(Linalg.affine(Var.concat(1, x, previous.h()), params.get(weight), params.get(bias)), previous);
    }

    /**
     * One step whose gates also receive {@code extraGates [N, 4 hidden]}: \(z = [x, h] W + b + e\).
     * For an input \(u\) that is the same at every step (an image read by a recurrent attention
     * model), \(e = u W_u\) computed once gives the gates of the fused cell over \([u, x, h]\) with
     * \(W\) stacked under \(W_u\), without multiplying \(u\) again at each step.
     *
     * @throws IllegalArgumentException naming the shapes if {@code extraGates} is not {@code [N, 4 hidden]}
     */
    public State apply(Params params, Var x, State previous, Var extraGates) {
        check(params, x, previous);
        long[] se = extraGates.shape();
        if (se.length != 2 || se[0] != x.shape()[0] || se[1] != 4L * hidden) {
            throw new IllegalArgumentException("LstmCell '" + name + "': extra gates " + Shapes.str(se) + " must be ["
                    + x.shape()[0] + ", " + 4L * hidden + "]");
        }
        return step(Linalg.affine(Var.concat(1, x, previous.h()), params.get(weight), params.get(bias)).add(extraGates), previous);
    }

    /** The gates' nonlinearities and the new state from pre-activations {@code z [N, 4 hidden]}. */
    private State step(Var z, State previous) {
        Var i = z.slice(1, 0, hidden).sigmoid();
        Var f = z.slice(1, hidden, 2L * hidden).sigmoid();
        Var g = z.slice(1, 2L * hidden, 3L * hidden).tanh();
        Var o = z.slice(1, 3L * hidden, 4L * hidden).sigmoid();
        Var c = f.mul(previous.c()).add(i.mul(g));
        return new State(o.mul(c.tanh()), c);
    }

    private void check(Params params, Var x, State previous) {
        long[] sx = x.shape(), sh = previous.h().shape();
        String shapes = "input x" + Shapes.str(sx) + ", state h and c" + Shapes.str(sh);
        if (sx.length != 2 || sx[1] != in) {
            throw new IllegalArgumentException("LstmCell '" + name + "': " + shapes + ": x must be [N, " + in + "]");
        }
        if (sh[0] != sx[0] || sh[1] != hidden) {
            throw new IllegalArgumentException("LstmCell '" + name + "': " + shapes + ": the state must be ["
                    + sx[0] + ", " + hidden + "] (State.zeros(" + sx[0] + ", " + hidden + ", dtype) to start)");
        }
        if (x.dtype() != params.dtype() || previous.h().dtype() != params.dtype()) {
            throw new IllegalArgumentException("LstmCell '" + name + "': " + shapes + ": x is " + x.dtype() + ", the state "
                    + previous.h().dtype() + ", the parameters " + params.dtype() + "; cast with Var.cast");
        }
    }

    /** Input width. */
    public int in() { return in; }
    /** Number of hidden units (the width of \(h\) and \(c\)). */
    public int hidden() { return hidden; }
}
