package dev.ppl.autodiff;

import dev.ppl.autodiff.kernels.Kernels;
import dev.ppl.autodiff.ops.Activations;
import dev.ppl.autodiff.ops.Arithmetic;
import dev.ppl.autodiff.ops.Indexing;
import dev.ppl.autodiff.ops.Linalg;
import dev.ppl.autodiff.ops.Reductions;
import dev.ppl.autodiff.ops.ShapeOps;
import dev.ppl.autodiff.ops.Unary;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A node of a reverse-mode autodiff graph: a tensor value, the nodes it was computed from and
 * the local chain rule ({@link Backward}) that maps the gradient of its value to theirs.
 *
 * <p>Three kinds of node exist: <em>parameters</em> ({@link #param}: leaves that receive
 * gradients), <em>constants</em> ({@link #constant}: leaves that do not) and <em>op results</em>.
 * An op result whose parents are all constants is itself a constant, so graphs only record what
 * a gradient can flow through. There is no global tape: a graph is the set of nodes reachable
 * from an output, and it is garbage once the caller drops the output.
 *
 * <p>Values are never modified by ops. The methods below are a fluent facade over the op classes
 * in {@code dev.ppl.autodiff.ops}; binary ops broadcast like NumPy and require equal data types
 * (use {@link #cast}). {@link Grad#grad} runs the reverse pass.
 */
public final class Var {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** The rule of a node whose value is its only parent's: \(\bar x = \bar y\), in both forms. */
    private static final DifferentiableBackward PASS_THROUGH = new DifferentiableBackward() {
        @Override public INDArray[] apply(INDArray g) { return new INDArray[] {g}; }
        @Override public Var[] apply(Var g, Var self, Var[] in) { return new Var[] {g}; }
    };

    private final INDArray value;
    private final Var[] parents;
    private final Backward backward;
    private final String op;
    private final boolean requiresGrad;
    private final Provenance provenance;
    private final long seq;
    /** The arena cycle this node's value was computed in (null for leaves and outside arenas); see {@link #value()}. */
    private Arena.Cycle cycle;

    private Var(INDArray value, Var[] parents, Backward backward, String op, boolean requiresGrad, Provenance provenance) {
        this.value = value;
        this.parents = parents;
        this.backward = backward;
        this.op = op;
        this.requiresGrad = requiresGrad;
        this.provenance = provenance;
        this.seq = SEQUENCE.getAndIncrement();
        this.cycle = Arena.currentCycle();
    }

    /** A leaf that receives gradients. The array is used as is (not copied). */
    public static Var param(INDArray value) {
        Var v = new Var(value, new Var[0], null, "param", true, Provenance.NONE);
        v.cycle = null;  // a leaf's array is the caller's, not the arena's
        return v;
    }

    /** A leaf that receives no gradient. The array is used as is (not copied). */
    public static Var constant(INDArray value) {
        Var v = new Var(value, new Var[0], null, "constant", false, Provenance.NONE);
        v.cycle = null;  // a leaf's array is the caller's, not the arena's
        return v;
    }

    /** A rank-0 constant of the given data type. */
    public static Var scalar(double value, DataType dtype) {
        return constant(Nd4j.scalar(dtype, value));
    }

    /**
     * The result of an op: records {@code parents} and {@code backward} only if some parent
     * requires a gradient. Op implementations (including users' custom ops) call this.
     */
    public static Var of(String op, INDArray value, Backward backward, Var... parents) {
        boolean needs = false;
        Provenance prov = Provenance.NONE;
        for (Var p : parents) {
            needs |= p.requiresGrad;
            if (p.provenance != Provenance.NONE) {
                prov = prov.union(p.provenance);
            }
        }
        Var v = needs ? new Var(value, parents, backward, op, true, prov) : new Var(value, new Var[0], null, op, false, prov);
        FiniteCheck.afterForward(v);
        return v;
    }

    /**
     * The tensor value (do not modify it in place while the graph is in use).
     *
     * @throws IllegalStateException if the node was computed inside an {@link Arena} that has
     *     closed since: its memory then belongs to a later step, so reading it would return another
     *     step's numbers
     */
    public INDArray value() {
        if (cycle != null && !cycle.isOpen()) {
            throw cycle.usedAfterClose(op, value.shape());
        }
        return value;
    }
    /**
     * The sources this value was computed from (the union over its operands; see
     * {@link Provenance}); {@link Provenance#NONE} for untagged values.
     */
    public Provenance provenance() { return provenance; }

    /**
     * The same value and gradient paths, with {@code sources} added to its provenance (a new node
     * whose local rule passes gradients on unchanged).
     */
    public Var withProvenance(Provenance sources) {
        Provenance merged = provenance.union(sources);
        if (merged == provenance) {
            return this;
        }
        return requiresGrad ? new Var(value, new Var[] {this}, PASS_THROUGH, "provenance", true, merged)
                : new Var(value, new Var[0], null, op, false, merged);
    }

    /** Whether a gradient can flow to this node from a parameter. */
    public boolean requiresGrad() { return requiresGrad; }
    /** The name of the op that produced this node ("param", "constant", "add", ...). */
    public String op() { return op; }
    /** The shape of the value (a copy). */
    public long[] shape() { return value.shape(); }
    /** The rank of the value. */
    public int rank() { return value.rank(); }
    /** The data type of the value. */
    public DataType dtype() { return value.dataType(); }
    /** The number of elements. */
    public long length() { return value.length(); }
    /** The value of a one-element tensor as a double. */
    public double item() {
        if (value.length() != 1) {
            throw new IllegalStateException("item(): value of op '" + op + "' has shape "
                    + Arrays.toString(value.shape()) + ", not one element; reduce it first (sum, mean)");
        }
        return value().getDouble(0);
    }

    Var[] parents() { return parents; }
    Backward backward() { return backward; }
    long seq() { return seq; }

    // ----- arithmetic (broadcasting) -----
    public Var add(Var o) { return Arithmetic.add(this, o); }
    public Var sub(Var o) { return Arithmetic.sub(this, o); }
    public Var mul(Var o) { return Arithmetic.mul(this, o); }
    public Var div(Var o) { return Arithmetic.div(this, o); }
    public Var pow(Var o) { return Arithmetic.pow(this, o); }
    public Var add(double c) { return Arithmetic.add(this, c); }
    public Var sub(double c) { return Arithmetic.add(this, -c); }
    public Var mul(double c) { return Arithmetic.mul(this, c); }
    public Var div(double c) { return Arithmetic.mul(this, 1.0 / c); }
    public Var pow(double p) { return Arithmetic.pow(this, p); }
    /** {@code c - this}. */
    public Var rsub(double c) { return Arithmetic.rsub(this, c); }
    /** {@code c / this}. */
    public Var rdiv(double c) { return Arithmetic.rdiv(this, c); }
    public Var neg() { return Arithmetic.mul(this, -1.0); }
    public Var square() { return Arithmetic.square(this); }

    // ----- elementwise functions -----
    public Var exp() { return Unary.exp(this); }
    public Var log() { return Unary.log(this); }
    public Var log1p() { return Unary.log1p(this); }
    public Var expm1() { return Unary.expm1(this); }
    public Var sqrt() { return Unary.sqrt(this); }
    public Var abs() { return Unary.abs(this); }
    public Var lgamma() { return Unary.lgamma(this); }
    public Var digamma() { return Unary.digamma(this); }
    public Var clamp(double min, double max) { return Unary.clamp(this, min, max); }
    public Var softplus() { return Activations.softplus(this); }
    public Var sigmoid() { return Activations.sigmoid(this); }
    public Var logSigmoid() { return Activations.logSigmoid(this); }
    public Var tanh() { return Activations.tanh(this); }
    public Var relu() { return Activations.relu(this); }
    public Var leakyRelu(double alpha) { return Activations.leakyRelu(this, alpha); }
    public Var softmax(int axis) { return Activations.softmax(this, axis); }
    public Var logSoftmax(int axis) { return Activations.logSoftmax(this, axis); }

    // ----- linear algebra -----
    public Var matmul(Var o) { return Linalg.matmul(this, o); }

    // ----- reductions -----
    /** Sum of all elements (rank 0). */
    public Var sum() { return Reductions.sum(this, false); }
    public Var sum(boolean keepDims, int... axes) { return Reductions.sum(this, keepDims, axes); }
    public Var mean() { return Reductions.mean(this, false); }
    /** \(\sum x^2\) over all elements (rank 0), one reduction. */
    public Var sumSquares() { return Reductions.sumSquares(this); }
    public Var mean(boolean keepDims, int... axes) { return Reductions.mean(this, keepDims, axes); }
    public Var max(boolean keepDims, int... axes) { return Reductions.max(this, keepDims, axes); }
    public Var logSumExp(boolean keepDims, int... axes) { return Reductions.logSumExp(this, keepDims, axes); }

    // ----- shape -----
    public Var reshape(long... shape) { return ShapeOps.reshape(this, shape); }
    /** Swaps the last two axes (a matrix transpose; batched for rank > 2). */
    public Var transpose() { return ShapeOps.transpose(this); }
    /**
     * \(\sum_i |x_i|\) of the value, as a number (no graph node): NaN if and only if some element
     * is NaN, infinite if one is infinite (or the sum overflows). One BLAS pass on the CPU: the
     * cheap test of a whole tensor for non-finite entries.
     */
    public double absSum() {
        return Kernels.sumAbs(value());
    }

    /** \(\min_i x_i\) of the value, as a number (no graph node); NaN if an element is NaN. */
    public double minValue() {
        INDArray v = value();
        return v.length() == 1 ? v.getDouble(0) : Kernels.min(v);
    }

    /** Whether every element of the value is exactly 0 or 1 (NaN, infinities and -0.0 are not), in one read. */
    public boolean allZeroOrOne() {
        return Kernels.allZeroOrOne(value());
    }

    public Var permute(int... axes) { return ShapeOps.permute(this, axes); }
    public Var broadcastTo(long... shape) { return ShapeOps.broadcastTo(this, shape); }
    /** The adjoint of {@link #broadcastTo}: summed over the axes along which {@code shape} was broadcast. */
    public Var sumTo(long... shape) { return ShapeOps.sumTo(this, shape); }
    public Var expandDims(int axis) { return ShapeOps.expandDims(this, axis); }
    public Var squeeze(int axis) { return ShapeOps.squeeze(this, axis); }
    public Var slice(int axis, long from, long to) { return Indexing.slice(this, axis, from, to); }
    public Var gather(int axis, long... indices) { return Indexing.gather(this, axis, indices); }
    public Var cast(DataType dtype) { return ShapeOps.cast(this, dtype); }
    /** The same value, cut from the graph: no gradient flows through the result. */
    public Var stopGradient() {
        return requiresGrad ? new Var(value, new Var[0], null, "constant", false, provenance) : this;
    }

    // ----- static constructors over several inputs -----
    /** Concatenation along {@code axis}. */
    public static Var concat(int axis, Var... parts) { return Indexing.concat(axis, parts); }
    /**
     * \(\log \frac1K \sum_{k=1}^K e^{v_k}\), elementwise over the common (broadcast) shape of the
     * operands, in the first operand's data type; the operand itself for \(K = 1\). Operands of
     * different shapes (an importance weight with an enumeration dim beside one without) are
     * broadcast first.
     */
    public static Var logMeanExp(Var... values) {
        if (values.length == 1) {
            return values[0];
        }
        long[] shape = values[0].shape();
        for (Var v : values) {
            shape = Shapes.broadcast("logMeanExp", shape, v.shape());
        }
        Var[] same = new Var[values.length];
        for (int i = 0; i < values.length; i++) {
            Var v = values[i].cast(values[0].dtype());
            same[i] = java.util.Arrays.equals(v.shape(), shape) ? v : v.broadcastTo(shape);
        }
        return stack(0, same).logSumExp(false, 0).sub(Math.log(values.length));
    }

    /** Stacking along a new axis {@code axis}. */
    public static Var stack(int axis, Var... parts) { return Indexing.stack(axis, parts); }
    /** Elementwise {@code mask ? a : b} with broadcasting; {@code mask} is a boolean array. */
    public static Var where(INDArray mask, Var a, Var b) { return Indexing.where(mask, a, b); }
    /** One-hot rows for integer {@code indices}: shape {@code indices.shape + [depth]}, a constant. */
    public static Var oneHot(INDArray indices, int depth, DataType dtype) { return Indexing.oneHot(indices, depth, dtype); }

    // ----- trigonometric, special-function, log-space and scan ops (sin ... cumsum) -----
    /** \(\sin x\) elementwise; see {@link dev.ppl.autodiff.ops.Trigonometric#sin}. */
    public Var sin() { return dev.ppl.autodiff.ops.Trigonometric.sin(this); }
    /** \(\cos x\) elementwise; see {@link dev.ppl.autodiff.ops.Trigonometric#cos}. */
    public Var cos() { return dev.ppl.autodiff.ops.Trigonometric.cos(this); }
    /**
     * \(\operatorname{atan2}(\text{this}, x)\): the angle of the point \((x, \text{this})\), broadcasting;
     * see {@link dev.ppl.autodiff.ops.Trigonometric#atan2}.
     */
    public Var atan2(Var x) { return dev.ppl.autodiff.ops.Trigonometric.atan2(this, x); }
    /** \(\log(e^{\text{this}} + e^{o})\) without overflow, broadcasting; see {@link dev.ppl.autodiff.ops.LogSpace#logaddexp}. */
    public Var logaddexp(Var o) { return dev.ppl.autodiff.ops.LogSpace.logaddexp(this, o); }
    /** The inclusive running sum along {@code axis}; see {@link dev.ppl.autodiff.ops.Scans#cumsum}. */
    public Var cumsum(int axis) { return dev.ppl.autodiff.ops.Scans.cumsum(this, axis); }
    /** The error function \(\operatorname{erf}(x)\); see {@link dev.ppl.autodiff.ops.Special#erf}. */
    public Var erf() { return dev.ppl.autodiff.ops.Special.erf(this); }
    /** The standard normal CDF \(\Phi(x)\); see {@link dev.ppl.autodiff.ops.Special#ndtr}. */
    public Var ndtr() { return dev.ppl.autodiff.ops.Special.ndtr(this); }

    @Override
    public String toString() {
        return "Var(" + op + ", " + value.dataType() + Arrays.toString(value.shape()) + (requiresGrad ? ", grad" : "") + ")";
    }
}
