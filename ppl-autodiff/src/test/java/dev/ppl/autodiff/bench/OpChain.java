package dev.ppl.autodiff.bench;

import dev.ppl.autodiff.Grad;
import dev.ppl.autodiff.Var;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A chain of small elementwise ops, written three ways, for measuring the per-op overhead of
 * {@link Var} and {@link Grad#grad}: the ops cycle through {@code ×0.8, +0.1, tanh, exp, ×0.5}
 * (values stay bounded for any chain length).
 *
 * <ul>
 *   <li>{@link #forwardVar}: through {@code Var} (the graph is recorded when the input is a
 *       parameter);</li>
 *   <li>{@link #forwardRaw}: the same raw ND4J calls the library's ops make ({@code x.mul(c)},
 *       {@code x.add(c)}, {@code Transforms.tanh/exp(x, true)}), one new array per op;</li>
 *   <li>{@link #gradRaw}: the raw forward keeping the intermediates the backward needs, and a
 *       hand-written backward with the same native op count as the library's rules ({@code tanh}:
 *       {@code g·(1 - z²)}, {@code exp}: {@code g·z}, {@code ×c}: {@code g·c}, {@code +c}:
 *       nothing), updating the running gradient in place once it owns it.</li>
 * </ul>
 */
public final class OpChain {
    /** The op kinds, in cycle order. */
    enum Kind { MUL_08, ADD_01, TANH, EXP, MUL_05 }

    private static final Kind[] CYCLE = Kind.values();

    private final int length;

    /** A chain of {@code length} ops. */
    public OpChain(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("chain length must be positive, got " + length);
        }
        this.length = length;
    }

    /** The number of ops. */
    public int length() {
        return length;
    }

    private static Kind kind(int i) {
        return CYCLE[i % CYCLE.length];
    }

    /** The chain applied to {@code x} through {@code Var}. */
    public Var forwardVar(Var x) {
        Var h = x;
        for (int i = 0; i < length; i++) {
            h = switch (kind(i)) {
                case MUL_08 -> h.mul(0.8);
                case ADD_01 -> h.add(0.1);
                case TANH -> h.tanh();
                case EXP -> h.exp();
                case MUL_05 -> h.mul(0.5);
            };
        }
        return h;
    }

    /** {@code seed · ∂chain(x)/∂x} through {@code Var} and {@link Grad#grad}. */
    public INDArray gradVar(INDArray x, INDArray seed) {
        Var p = Var.param(x);
        Var out = forwardVar(p);
        return Grad.grad(out, seed, List.of(p)).get(p);
    }

    /** The chain applied to {@code x} with raw ND4J calls (a new array per op). */
    public INDArray forwardRaw(INDArray x) {
        INDArray h = x;
        for (int i = 0; i < length; i++) {
            h = rawOp(kind(i), h);
        }
        return h;
    }

    private static INDArray rawOp(Kind k, INDArray h) {
        return switch (k) {
            case MUL_08 -> h.mul(0.8);
            case ADD_01 -> h.add(0.1);
            case TANH -> Transforms.tanh(h, true);
            case EXP -> Transforms.exp(h, true);
            case MUL_05 -> h.mul(0.5);
        };
    }

    /**
     * {@code seed · ∂chain(x)/∂x} by a raw ND4J forward (keeping each op's output) and a
     * hand-written backward. {@code seed} is not modified.
     */
    public INDArray gradRaw(INDArray x, INDArray seed) {
        INDArray[] outs = new INDArray[length];
        INDArray h = x;
        for (int i = 0; i < length; i++) {
            h = rawOp(kind(i), h);
            outs[i] = h;
        }
        INDArray g = seed;
        boolean owned = false;   // g may be modified in place once it is an array we created
        for (int i = length - 1; i >= 0; i--) {
            switch (kind(i)) {
                case MUL_08 -> g = owned ? g.muli(0.8) : g.mul(0.8);
                case MUL_05 -> g = owned ? g.muli(0.5) : g.mul(0.5);
                case ADD_01 -> { continue; }
                case TANH -> {
                    INDArray z = outs[i];
                    INDArray d = z.mul(z).rsubi(1.0);
                    g = owned ? g.muli(d) : g.mul(d);
                }
                case EXP -> g = owned ? g.muli(outs[i]) : g.mul(outs[i]);
            }
            owned = true;
        }
        return owned ? g : g.dup();
    }
}
