package dev.ppl.dist.badinput;

import static dev.ppl.dist.badinput.ParameterTable.m;
import static dev.ppl.dist.badinput.ParameterTable.v;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.continuous.Beta;
import dev.ppl.dist.continuous.Cauchy;
import dev.ppl.dist.continuous.DiagonalNormal;
import dev.ppl.dist.continuous.Dirichlet;
import dev.ppl.dist.continuous.Exponential;
import dev.ppl.dist.continuous.Gamma;
import dev.ppl.dist.continuous.Laplace;
import dev.ppl.dist.continuous.LogNormal;
import dev.ppl.dist.continuous.MultivariateNormal;
import dev.ppl.dist.continuous.Normal;
import dev.ppl.dist.continuous.RelaxedBernoulli;
import dev.ppl.dist.continuous.RelaxedCategorical;
import dev.ppl.dist.continuous.StudentT;
import dev.ppl.dist.continuous.Uniform;
import dev.ppl.dist.discrete.Bernoulli;
import dev.ppl.dist.discrete.Binomial;
import dev.ppl.dist.discrete.Categorical;
import dev.ppl.dist.discrete.Delta;
import dev.ppl.dist.discrete.Geometric;
import dev.ppl.dist.discrete.Poisson;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One distribution of every family and parameterization (float64, batch shape {@code [2]}), plus
 * {@code toEvent} and {@code expand} of some, for the bad-value tables.
 */
final class ValueTable {
    private ValueTable() {}

    private static Var c(INDArray a) {
        return Var.constant(a);
    }

    static List<ValueSpec> specs() {
        INDArray rows = m(new double[] {0.5, 1.0, 2.0}, new double[] {1.0, 1.0, 1.0});
        INDArray simplex = m(new double[] {0.2, 0.3, 0.5}, new double[] {0.1, 0.1, 0.8});
        INDArray offSimplex = m(new double[] {0.2, 0.3, 0.5}, new double[] {0.5, 0.6, -0.1});
        INDArray tril = m(new double[] {1, 0}, new double[] {0.5, 1});
        return List.of(
                ValueSpec.real("Normal", "Normal", () -> Normal.of(c(v(0, 1)), c(v(1, 2))), v(0.5, 1.5)),
                ValueSpec.real("Cauchy", "Cauchy", () -> Cauchy.of(c(v(0, 1)), c(v(1, 2))), v(0.5, 1.5)),
                ValueSpec.real("Laplace", "Laplace", () -> Laplace.of(c(v(0, 1)), c(v(1, 2))), v(0.5, 1.5)),
                ValueSpec.real("StudentT", "StudentT", () -> StudentT.of(c(v(3, 5)), c(v(0, 1)), c(v(1, 2))), v(0.5, 1.5)),
                ValueSpec.scalar("LogNormal", "LogNormal", () -> LogNormal.of(c(v(0, 1)), c(v(1, 2))), v(0.5, 1.5), -1.0),
                ValueSpec.scalar("Uniform", "Uniform", () -> Uniform.of(c(v(0, -1)), c(v(1, 3))), v(0.5, 0.0), 5.0),
                ValueSpec.scalar("Exponential", "Exponential", () -> Exponential.of(c(v(1, 2))), v(0.5, 1.5), -1.0),
                ValueSpec.scalar("Gamma", "Gamma", () -> Gamma.of(c(v(2, 3)), c(v(1, 2))), v(0.5, 1.5), 0.0),
                ValueSpec.scalar("Beta", "Beta", () -> Beta.of(c(v(2, 3)), c(v(2, 2))), v(0.3, 0.6), 1.5),
                ValueSpec.scalar("RelaxedBernoulli logits", "RelaxedBernoulli",
                        () -> RelaxedBernoulli.ofLogits(0.5, c(v(0, 1))), v(0.3, 0.6), 1.0),
                ValueSpec.scalar("RelaxedBernoulli probs", "RelaxedBernoulli",
                        () -> RelaxedBernoulli.ofProbs(0.5, c(v(0.3, 0.6))), v(0.3, 0.6), -0.5),
                ValueSpec.real("DiagonalNormal", "DiagonalNormal", () -> DiagonalNormal.of(c(rows), c(v(1, 2, 3))), rows),
                ValueSpec.real("MultivariateNormal", "MultivariateNormal",
                        () -> MultivariateNormal.of(c(m(new double[] {0, 0}, new double[] {1, 1})), c(tril)),
                        m(new double[] {0.1, 0.2}, new double[] {0.3, 0.4})),
                ValueSpec.events("Dirichlet", "Dirichlet", () -> Dirichlet.of(c(rows)), simplex, offSimplex,
                        "batch element 1 "),
                ValueSpec.events("RelaxedCategorical", "RelaxedCategorical",
                        () -> RelaxedCategorical.ofLogits(0.5, c(rows)), simplex, offSimplex, "batch element 1 "),
                ValueSpec.scalar("Bernoulli probs", "Bernoulli", () -> Bernoulli.ofProbs(c(v(0.3, 0.6))), v(0, 1), 0.5),
                ValueSpec.scalar("Bernoulli logits", "Bernoulli", () -> Bernoulli.ofLogits(c(v(-1, 1))), v(0, 1), 2.0),
                ValueSpec.scalar("Binomial probs", "Binomial", () -> Binomial.ofProbs(c(v(3, 5)), c(v(0.3, 0.6))),
                        v(1, 2), 2.5),
                ValueSpec.scalar("Binomial logits", "Binomial", () -> Binomial.ofLogits(c(v(3, 5)), c(v(-1, 1))),
                        v(1, 2), 6.0),
                ValueSpec.scalar("Categorical probs", "Categorical", () -> Categorical.ofProbs(c(simplex)), v(0, 2), 3.0),
                ValueSpec.scalar("Categorical logits", "Categorical", () -> Categorical.ofLogits(c(rows)), v(0, 2), -1.0),
                ValueSpec.scalar("Delta", "Delta", () -> Delta.of(c(v(1, 2))), v(1, 2), 2.5),
                ValueSpec.events("Delta event [3]", "Delta", () -> Delta.of(c(rows), 1), rows,
                        m(new double[] {0.5, 1.0, 2.0}, new double[] {1.0, 1.0, 1.5}), "batch element 1 "),
                ValueSpec.scalar("Geometric", "Geometric", () -> Geometric.ofProbs(c(v(0.3, 0.6))), v(0, 2), 1.5),
                ValueSpec.scalar("Poisson", "Poisson", () -> Poisson.of(c(v(1, 3))), v(0, 2), -1.0),
                ValueSpec.real("Normal.toEvent(1)", "Normal", () -> Normal.of(c(rows), c(v(1, 2, 3))).toEvent(1), rows),
                ValueSpec.events("Bernoulli.toEvent(1)", "Bernoulli",
                        () -> Bernoulli.ofLogits(c(rows)).toEvent(1), m(new double[] {0, 1, 0}, new double[] {1, 1, 1}),
                        m(new double[] {0, 1, 0}, new double[] {1, 0.5, 1}), "batch element 4 ", "0.5"),
                ValueSpec.real("Normal.expand([3, 2])", "Normal",
                        () -> Normal.of(c(v(0, 1)), c(v(1, 2))).expand(new long[] {3, 2}),
                        m(new double[] {0.5, 1.5}, new double[] {0.5, 1.5}, new double[] {0.5, 1.5})),
                ValueSpec.scalar("Gamma.expand([2, 2])", "Gamma",
                        () -> Gamma.of(c(v(2, 3)), c(v(1, 2))).expand(new long[] {2, 2}),
                        m(new double[] {0.5, 1.5}, new double[] {0.5, 1.5}), -1.0));
    }
}
