package dev.ppl.dist.badinput;

import static dev.ppl.dist.badinput.BadInput.illegal;
import static dev.ppl.dist.badinput.ParameterTable.m;
import static dev.ppl.dist.badinput.ParameterTable.v;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Independent;
import dev.ppl.dist.continuous.DiagonalNormal;
import dev.ppl.dist.continuous.Dirichlet;
import dev.ppl.dist.continuous.MultivariateNormal;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.continuous.RelaxedCategorical;
import dev.ppl.dist.discrete.Binomial;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.dist.discrete.Delta;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bad-input rows that are not one parameter's element: {@code toEvent} and {@code expand} of
 * every distribution of {@link ValueTable}, a null base, parameters of the wrong structure
 * (category and event axes, data types, rows of probabilities) and the array form of
 * {@link Dirichlet#of(double...)}.
 */
final class StructureCases {
    private StructureCases() {}

    private static Var c(org.nd4j.linalg.api.ndarray.INDArray a) {
        return Var.constant(a);
    }

    /** {@code toEvent} and {@code expand} with bad arguments, for every distribution of the value table. */
    static List<BadInput> reshaping() {
        List<BadInput> out = new ArrayList<>();
        for (ValueSpec s : ValueTable.specs()) {
            String f = s.family();
            long[] batch = s.dist().get().batchShape();
            String b = Shapes.str(batch);
            int rank = batch.length;
            out.add(illegal(s.label() + ": toEvent(" + (rank + 1) + ")", () -> s.dist().get().toEvent(rank + 1),
                    f, "toEvent(" + (rank + 1) + ")", b));
            out.add(illegal(s.label() + ": toEvent(-1)", () -> s.dist().get().toEvent(-1), f, "toEvent(-1)", b));
            out.add(illegal(s.label() + ": expand(null)", () -> s.dist().get().expand(null), f, "null"));
            long[] incompatible = batch.clone();
            incompatible[rank - 1] += 1;
            long[][] targets = {new long[0], incompatible, withLeading(-1, batch), withLeading(0, batch)};
            for (long[] target : targets) {
                out.add(illegal(s.label() + ": expand(" + Shapes.str(target) + ")",
                        () -> s.dist().get().expand(target), f, ".expand", b, Shapes.str(target)));
            }
        }
        out.add(illegal("Independent.of(null, 1)", () -> Independent.of(null, 1), "Independent", "null"));
        return out;
    }

    /** {@code [lead] ++ batch}: a bad leading dim in front of a valid batch shape. */
    private static long[] withLeading(long lead, long[] batch) {
        long[] t = new long[batch.length + 1];
        t[0] = lead;
        System.arraycopy(batch, 0, t, 1, batch.length);
        return t;
    }

    /** Values whose event axes enlarge the event (a value of 5 coordinates for an event of 1 or 3). */
    static List<BadInput> values() {
        Var rows = c(m(new double[] {0.5, 1.0, 2.0}, new double[] {1.0, 1.0, 1.0}));
        Var wide = c(Nd4j.ones(DataType.DOUBLE, 2, 5));
        return List.of(
                illegal("Normal [2, 1].toEvent(1): a value of shape [2, 5]",
                        () -> Normal.of(c(Nd4j.zeros(DataType.DOUBLE, 2, 1)), c(v(1.0))).toEvent(1).logDensity(wide),
                        "Normal", "[2, 5]", "event shape [1]"),
                illegal("Delta with event [3]: a value of shape [2, 5]", () -> Delta.of(rows, 1).logDensity(wide),
                        "Delta", "[2, 5]", "event shape [3]"),
                illegal("Delta with event [1]: a value of shape [2, 0]",
                        () -> Delta.of(c(Nd4j.ones(DataType.DOUBLE, 2, 1)), 1).logDensity(c(Nd4j.create(DataType.DOUBLE, 2, 0))),
                        "Delta", "[2, 0]", "event shape [1]"));
    }

    /** Parameters of the wrong structure: axes, data types, joint constraints. */
    static List<BadInput> structure() {
        Var rows = c(m(new double[] {0.5, 1.0, 2.0}, new double[] {1.0, 1.0, 1.0}));
        Var tril = c(m(new double[] {1, 0}, new double[] {0.5, 1}));
        return List.of(
                illegal("Normal: float32 loc, float64 scale", () -> Normal.of(c(v(0, 1).castTo(DataType.FLOAT)), c(v(1, 2))),
                        "Normal", "'loc'", "'scale'", "FLOAT", "DOUBLE"),
                illegal("Normal: integer loc", () -> Normal.of(c(Nd4j.createFromArray(0, 1)), c(v(1, 2))),
                        "Normal", "'loc'", "floating point", "[2]"),
                illegal("Binomial: float32 totalCount, float64 probs",
                        () -> Binomial.ofProbs(c(v(3, 5).castTo(DataType.FLOAT)), c(v(0.3, 0.6))),
                        "Binomial", "'totalCount'", "'probs'", "FLOAT"),
                illegal("Categorical: rows summing to 1.2",
                        () -> Categorical.ofProbs(c(m(new double[] {0.2, 0.3, 0.5}, new double[] {0.2, 0.2, 0.8}))),
                        "Categorical", "'probs'", "row 1 ", "[2, 3]", "1.2"),
                illegal("Categorical: scalar probs", () -> Categorical.ofProbs(c(Nd4j.scalar(1.0))),
                        "Categorical", "'probs'", "[]"),
                illegal("Dirichlet: scalar concentration", () -> Dirichlet.of(c(Nd4j.scalar(1.0))),
                        "Dirichlet", "'concentration'", "[]"),
                illegal("Dirichlet.of(double...) null", () -> Dirichlet.of((double[]) null),
                        "Dirichlet", "'concentration'", "null"),
                illegal("Dirichlet.of(double...) empty", () -> Dirichlet.of(new double[0]),
                        "Dirichlet", "'concentration'", "[0]"),
                illegal("Dirichlet.of(double...) NaN", () -> Dirichlet.of(1.0, Double.NaN),
                        "Dirichlet", "'concentration'", "element 1 ", "NaN", "[2]"),
                illegal("Dirichlet.of(double...) -1", () -> Dirichlet.of(1.0, -1.0),
                        "Dirichlet", "'concentration'", "element 1 ", "-1.0", "[2]"),
                illegal("RelaxedCategorical: one category", () -> RelaxedCategorical.ofLogits(0.5, c(v(1.0).reshape(1, 1))),
                        "RelaxedCategorical", "'logits'", "[1, 1]"),
                illegal("DiagonalNormal: scalar loc and scale", () -> DiagonalNormal.of(c(Nd4j.scalar(0.0)), c(Nd4j.scalar(1.0))),
                        "DiagonalNormal", "'loc'", "'scale'", "scalars"),
                illegal("MultivariateNormal: batch axes [2] vs [3]",
                        () -> MultivariateNormal.of(c(m(new double[] {0, 0}, new double[] {1, 1})),
                                c(Nd4j.eye(2).castTo(DataType.DOUBLE).reshape(1, 2, 2).repeat(0, 3))),
                        "MultivariateNormal", "'loc'", "'scaleTril'", "[2, 2]", "[3, 2, 2]"),
                illegal("MultivariateNormal: float32 loc", () -> MultivariateNormal.of(c(v(0, 0).castTo(DataType.FLOAT)), tril),
                        "MultivariateNormal", "FLOAT", "DOUBLE"),
                illegal("Delta: event rank 3 of a matrix", () -> Delta.of(rows, 3), "Delta", "event rank 3", "[2, 3]"),
                illegal("Delta: event rank -1", () -> Delta.of(rows, -1), "Delta", "event rank -1", "[2, 3]"));
    }
}
