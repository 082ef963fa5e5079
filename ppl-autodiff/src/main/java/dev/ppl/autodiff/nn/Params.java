package dev.ppl.autodiff.nn;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Gradients;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.kernels.Kernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A named collection of trainable tensors stored in one flat value buffer and one flat gradient
 * buffer; each parameter's value and gradient are views into them, so an optimizer updates every
 * parameter with a few whole-buffer ops.
 *
 * <p>The set of names and shapes is fixed at {@link Builder#build}; the values are mutable state,
 * changed in place by optimizers and by {@link #load}. Each parameter is exposed as a leaf
 * {@link Var} ({@link #get}) that sees those in-place updates.
 */
public final class Params {
    private final DataType dtype;
    private final INDArray flatValues;
    private final INDArray flatGrads;
    private final Map<String, Var> vars;
    private final Map<String, INDArray> grads;

    private Params(DataType dtype, List<Spec> specs, long seed) {
        this.dtype = dtype;
        long total = 0;
        for (Spec s : specs) {
            total += s.length();
        }
        this.flatValues = Nd4j.zeros(dtype, total);
        this.flatGrads = Nd4j.zeros(dtype, total);
        Map<String, Var> v = new LinkedHashMap<>();
        Map<String, INDArray> g = new LinkedHashMap<>();
        long offset = 0;
        for (Spec s : specs) {
            INDArray value = view(flatValues, offset, s);
            s.init().fill(value, Init.seedFor(seed, s.name()));
            v.put(s.name(), Var.param(value));
            g.put(s.name(), view(flatGrads, offset, s));
            offset += s.length();
        }
        this.vars = Collections.unmodifiableMap(v);
        this.grads = Collections.unmodifiableMap(g);
    }

    private static INDArray view(INDArray flat, long offset, Spec s) {
        INDArray range = flat.get(NDArrayIndex.interval(offset, offset + s.length()));
        return s.shape().length == 0 ? range.reshape() : range.reshape('c', s.shape());
    }

    /** A builder for float32 parameters (the default, for speed), initialised reproducibly from {@code seed}. */
    public static Builder builder(long seed) {
        return builder(DataType.FLOAT, seed);
    }

    /** A builder for parameters of {@code dtype}, initialised reproducibly from {@code seed}. */
    public static Builder builder(DataType dtype, long seed) {
        return new Builder(dtype, seed);
    }

    /** The parameter named {@code name} as a gradient-receiving leaf. */
    public Var get(String name) {
        Var v = vars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + vars.keySet());
        }
        return v;
    }

    /** The gradient buffer view of {@code name}. */
    public INDArray grad(String name) {
        get(name);
        return grads.get(name);
    }

    /** Names in registration order. */
    public List<String> names() { return new ArrayList<>(vars.keySet()); }
    /** All parameters as leaves, in registration order. */
    public List<Var> vars() { return new ArrayList<>(vars.values()); }
    /** The flat value buffer (every parameter is a view into it). */
    public INDArray flatValues() { return flatValues; }
    /** The flat gradient buffer (every gradient is a view into it). */
    public INDArray flatGrads() { return flatGrads; }
    /** The total number of scalar parameters. */
    public long size() { return flatValues.length(); }
    /** The data type of every parameter. */
    public DataType dtype() { return dtype; }

    /** Sets every gradient buffer to {@code g}'s gradient (0 where the objective does not reach). */
    public void setGrads(Gradients g) {
        for (Map.Entry<String, Var> e : vars.entrySet()) {
            INDArray dst = grads.get(e.getKey());
            if (g.reaches(e.getValue())) {
                dst.assign(g.get(e.getValue()));
            } else {
                dst.assign(0);
            }
        }
    }

    /**
     * Sets the gradient buffer to \(\partial L/\partial\theta\) for a one-element {@code loss}
     * (0 for parameters it does not depend on). Equivalent to
     * {@code setGrads(Grad.grad(loss, vars()))} but without the intermediate copies: dense-layer
     * gradients are written by GEMM straight into the flat buffer.
     */
    public void computeGrads(Var loss) {
        computeGrads(loss, 1.0);
    }

    /**
     * Sets the gradient buffer to \(c\,\partial L/\partial\theta\) for a one-element {@code loss}
     * \(L\) and a constant \(c\) = {@code scale}, e.g. \(-1\) to descend on an objective that is
     * maximized; as {@link #computeGrads(Var)}, without intermediate copies or a pass to scale.
     */
    public void computeGrads(Var loss, double scale) {
        Map<Var, INDArray> dest = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, Var> e : vars.entrySet()) {
            dest.put(e.getValue(), grads.get(e.getKey()));
        }
        dev.ppl.autodiff.Grad.gradInto(loss, scale, dest);
    }

    /** Adds {@code g} to the gradient buffers (for accumulating over several objectives). */
    public void addGrads(Gradients g) {
        for (Map.Entry<String, Var> e : vars.entrySet()) {
            if (g.reaches(e.getValue())) {
                grads.get(e.getKey()).addi(g.get(e.getValue()));
            }
        }
    }

    /** The Euclidean norm \(\|g\|_2\) of the whole gradient buffer (NaN or infinite if an entry is). */
    public double gradNorm() {
        return Kernels.norm2(flatGrads);
    }

    /** Zeros the gradient buffer. */
    public void zeroGrads() {
        flatGrads.assign(0);
    }

    /** Copies of the current values, by name (for checkpoints). */
    public Map<String, INDArray> snapshot() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Var> e : vars.entrySet()) {
            out.put(e.getKey(), Arena.outside(e.getValue().value()::dup));
        }
        return out;
    }

    /**
     * Overwrites the values from {@code saved}, which must hold exactly these names with these
     * shapes; otherwise throws, listing the missing, unexpected and mis-shaped names.
     */
    public void load(Map<String, INDArray> saved) {
        List<String> problems = new ArrayList<>();
        for (String n : vars.keySet()) {
            if (!saved.containsKey(n)) {
                problems.add("missing '" + n + "'");
            } else if (!java.util.Arrays.equals(saved.get(n).shape(), vars.get(n).shape())) {
                problems.add("'" + n + "' has shape " + java.util.Arrays.toString(saved.get(n).shape())
                        + ", expected " + java.util.Arrays.toString(vars.get(n).shape()));
            }
        }
        for (String n : saved.keySet()) {
            if (!vars.containsKey(n)) {
                problems.add("unexpected '" + n + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("parameters do not match: " + String.join("; ", problems));
        }
        for (Map.Entry<String, Var> e : vars.entrySet()) {
            e.getValue().value().assign(saved.get(e.getKey()).castTo(dtype));
        }
    }

    private record Spec(String name, long[] shape, Init init) {
        long length() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Registers parameters by name; names are unique. */
    public static final class Builder {
        private final DataType dtype;
        private final long seed;
        private final List<Spec> specs = new ArrayList<>();
        private final java.util.Set<String> names = new java.util.HashSet<>();

        private Builder(DataType dtype, long seed) {
            if (!dtype.isFPType()) {
                throw new IllegalArgumentException("Params: parameters must be floating point, got " + dtype);
            }
            this.dtype = dtype;
            this.seed = seed;
        }

        /** Registers {@code name} with {@code shape}, filled by {@code init}. Returns {@code name}. */
        public String add(String name, Init init, long... shape) {
            if (!names.add(name)) {
                throw new IllegalArgumentException("Params: parameter '" + name + "' registered twice");
            }
            for (long d : shape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("Params: parameter '" + name + "' has non-positive shape "
                            + java.util.Arrays.toString(shape));
                }
            }
            specs.add(new Spec(name, shape.clone(), init));
            return name;
        }

        /** The data type parameters will have. */
        public DataType dtype() { return dtype; }

        /** Allocates the flat buffers and initialises every parameter. */
        public Params build() {
            return new Params(dtype, specs, seed);
        }
    }
}
