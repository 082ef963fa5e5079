package dev.ppl.dist.badinput;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One public factory of a family, described well enough to generate its bad-parameter rows
 * ({@link #cases}): for every tensor parameter null, NaN, \(+\infty\) and \(-\infty\) at element 1,
 * each out-of-domain element, an empty array and (with another tensor parameter) a shape that does
 * not broadcast; for every {@code double} parameter NaN, \(\pm\infty\) and each out-of-domain value.
 * {@code build} receives the arguments in order ({@link Args}).
 */
record Factory(String family, String label, List<Param> params, Function<Args, Object> build) {
    static Factory of(String family, String label, Function<Args, Object> build, Param... params) {
        return new Factory(family, label, List.of(params), build);
    }

    /** The arguments of one call: tensors as {@link Var} constants, numbers as doubles. */
    record Args(List<Object> values) {
        Var v(int i) {
            return (Var) values.get(i);
        }

        double d(int i) {
            return (Double) values.get(i);
        }
    }

    /**
     * A parameter: a tensor ({@code array} non-null) or a number ({@code number}); out-of-domain
     * elements as {@code {flat index, value}}; the empty array and the non-broadcasting array to try
     * (null: {@code [2, 0]}, and for a vector of 2 among several tensors, that vector lengthened to 3).
     */
    record Param(String name, INDArray array, double number, List<double[]> bad, INDArray empty, INDArray mismatch) {
        static Param tensor(String name, INDArray valid) {
            return new Param(name, valid, Double.NaN, List.of(), null, null);
        }

        static Param number(String name, double valid) {
            return new Param(name, null, valid, List.of(), null, null);
        }

        /** Adds an out-of-domain element (for a number, {@code index} is ignored). */
        Param bad(int index, double value) {
            List<double[]> b = new ArrayList<>(bad);
            b.add(new double[] {index, value});
            return new Param(name, array, number, b, empty, mismatch);
        }

        Param empty(long... shape) {
            return new Param(name, array, number, bad, Nd4j.create(DataType.DOUBLE, shape), mismatch);
        }

        Param mismatch(INDArray other) {
            return new Param(name, array, number, bad, empty, other);
        }

        boolean isTensor() {
            return array != null;
        }
    }

    /** Builds the distribution from the valid arguments (the control: it must not throw). */
    Object buildValid() {
        return build.apply(new Args(validArgs()));
    }

    private List<Object> validArgs() {
        List<Object> args = new ArrayList<>();
        for (Param p : params) {
            args.add(p.isTensor() ? Var.constant(p.array().dup()) : (Object) p.number());
        }
        return args;
    }

    private BadInput row(String what, int i, Object replacement, String... fragments) {
        List<Object> args = validArgs();
        args.set(i, replacement);
        return BadInput.illegal(label + ": " + what, () -> build.apply(new Args(args)), fragments);
    }

    /** Every bad-parameter row of this factory. */
    List<BadInput> cases() {
        List<BadInput> out = new ArrayList<>();
        long tensors = params.stream().filter(Param::isTensor).count();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            String quoted = "'" + p.name() + "'";
            if (!p.isTensor()) {
                for (double x : nonFinite()) {
                    out.add(row(p.name() + " = " + x, i, x, family, quoted, Double.toString(x)));
                }
                for (double[] b : p.bad()) {
                    out.add(row(p.name() + " = " + b[1], i, b[1], family, quoted, Double.toString(b[1])));
                }
                continue;
            }
            String shape = Shapes.str(p.array().shape());
            out.add(row("null " + p.name(), i, null, family, quoted, "null"));
            for (double x : nonFinite()) {
                out.add(row(p.name() + " with " + x + " at element 1", i, withElement(p.array(), 1, x),
                        family, quoted, "element 1 ", Double.toString(x), shape));
            }
            for (double[] b : p.bad()) {
                int at = (int) b[0];
                out.add(row(p.name() + " with " + b[1] + " at element " + at, i, withElement(p.array(), at, b[1]),
                        family, quoted, "element " + at + " ", Double.toString(b[1]), shape));
            }
            INDArray empty = p.empty() != null ? p.empty() : Nd4j.create(DataType.DOUBLE, 2, 0);
            out.add(row("empty " + p.name() + " " + Shapes.str(empty.shape()), i, Var.constant(empty),
                    family, quoted, Shapes.str(empty.shape())));
            INDArray other = p.mismatch();
            if (other == null && tensors > 1 && p.array().rank() == 1 && p.array().length() == 2) {
                other = Nd4j.createFromArray(p.array().getDouble(0), p.array().getDouble(1), p.array().getDouble(0));
            }
            if (other != null) {
                String otherShape = Shapes.str(firstOtherTensor(i).array().shape());
                out.add(row(p.name() + " of shape " + Shapes.str(other.shape()) + " against " + otherShape, i,
                        Var.constant(other), family, Shapes.str(other.shape()), otherShape));
            }
        }
        return out;
    }

    private Param firstOtherTensor(int i) {
        for (int j = 0; j < params.size(); j++) {
            if (j != i && params.get(j).isTensor()) {
                return params.get(j);
            }
        }
        throw new IllegalStateException(label + ": a mismatch needs a second tensor parameter");
    }

    private static double[] nonFinite() {
        return new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    }

    /** A copy of {@code a} with flat element {@code index} set to {@code x}. */
    static Var withElement(INDArray a, int index, double x) {
        INDArray c = a.dup();
        long[] shape = c.shape();
        INDArray flat = c.reshape(c.length());
        flat.putScalar(index, x);
        return Var.constant(flat.reshape(shape));
    }

    @Override
    public String toString() {
        return label + " " + Arrays.toString(params.stream().map(Param::name).toArray());
    }
}
