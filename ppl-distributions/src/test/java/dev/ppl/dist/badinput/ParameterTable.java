package dev.ppl.dist.badinput;

import static dev.ppl.dist.badinput.Factory.Param.number;
import static dev.ppl.dist.badinput.Factory.Param.tensor;

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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every public factory of every family, with valid float64 parameters (a batch of 2 where the
 * factory takes tensors) and the out-of-domain elements each parameter must reject; the
 * generated rows are {@link Factory#cases}.
 */
final class ParameterTable {
    private ParameterTable() {}

    static INDArray v(double... x) {
        return Nd4j.createFromArray(x);
    }

    static INDArray m(double[]... rows) {
        return Nd4j.createFromArray(rows);
    }

    static List<Factory> factories() {
        INDArray simplexRows = m(new double[] {0.2, 0.3, 0.5}, new double[] {0.1, 0.1, 0.8});
        INDArray rows = m(new double[] {0.5, 1.0, 2.0}, new double[] {1.0, 1.0, 1.0});
        return List.of(
                Factory.of("Normal", "Normal.of(Var, Var)", a -> Normal.of(a.v(0), a.v(1)),
                        tensor("loc", v(0, 1)), tensor("scale", v(1, 2)).bad(1, -0.5).bad(1, 0.0)),
                Factory.of("Normal", "Normal.of(double, double)", a -> Normal.of(a.d(0), a.d(1)),
                        number("loc", 0), number("scale", 1).bad(0, -1.0)),
                Factory.of("Cauchy", "Cauchy.of(Var, Var)", a -> Cauchy.of(a.v(0), a.v(1)),
                        tensor("loc", v(0, 1)), tensor("scale", v(1, 2)).bad(1, -0.5).bad(1, 0.0)),
                Factory.of("Cauchy", "Cauchy.of(double, double)", a -> Cauchy.of(a.d(0), a.d(1)),
                        number("loc", 0), number("scale", 1).bad(0, -1.0)),
                Factory.of("Laplace", "Laplace.of(Var, Var)", a -> Laplace.of(a.v(0), a.v(1)),
                        tensor("loc", v(0, 1)), tensor("scale", v(1, 2)).bad(1, -0.5).bad(1, 0.0)),
                Factory.of("Laplace", "Laplace.of(double, double)", a -> Laplace.of(a.d(0), a.d(1)),
                        number("loc", 0), number("scale", 1).bad(0, -1.0)),
                Factory.of("LogNormal", "LogNormal.of(Var, Var)", a -> LogNormal.of(a.v(0), a.v(1)),
                        tensor("loc", v(0, 1)), tensor("scale", v(1, 2)).bad(1, -0.5).bad(1, 0.0)),
                Factory.of("LogNormal", "LogNormal.of(double, double)", a -> LogNormal.of(a.d(0), a.d(1)),
                        number("loc", 0), number("scale", 1).bad(0, -1.0)),
                Factory.of("StudentT", "StudentT.of(Var, Var, Var)", a -> StudentT.of(a.v(0), a.v(1), a.v(2)),
                        tensor("df", v(3, 5)).bad(1, -1.0).bad(1, 0.0), tensor("loc", v(0, 1)),
                        tensor("scale", v(1, 2)).bad(1, -0.5)),
                Factory.of("StudentT", "StudentT.of(double, double, double)", a -> StudentT.of(a.d(0), a.d(1), a.d(2)),
                        number("df", 3).bad(0, 0.0), number("loc", 0), number("scale", 1).bad(0, -1.0)),
                Factory.of("Uniform", "Uniform.of(Var, Var)", a -> Uniform.of(a.v(0), a.v(1)),
                        tensor("low", v(0, -1)), tensor("high", v(1, 3)).bad(1, -2.0).bad(1, -1.0)),
                Factory.of("Uniform", "Uniform.of(double, double)", a -> Uniform.of(a.d(0), a.d(1)),
                        number("low", 0), number("high", 1).bad(0, -1.0)),
                Factory.of("Exponential", "Exponential.of(Var)", a -> Exponential.of(a.v(0)),
                        tensor("rate", v(1, 2)).bad(1, 0.0).bad(1, -1.0)),
                Factory.of("Exponential", "Exponential.of(double)", a -> Exponential.of(a.d(0)),
                        number("rate", 1).bad(0, -1.0)),
                Factory.of("Gamma", "Gamma.of(Var, Var)", a -> Gamma.of(a.v(0), a.v(1)),
                        tensor("concentration", v(2, 3)).bad(1, 0.0), tensor("rate", v(1, 2)).bad(1, -1.0)),
                Factory.of("Gamma", "Gamma.of(double, double)", a -> Gamma.of(a.d(0), a.d(1)),
                        number("concentration", 2).bad(0, -1.0), number("rate", 1).bad(0, 0.0)),
                Factory.of("Beta", "Beta.of(Var, Var)", a -> Beta.of(a.v(0), a.v(1)),
                        tensor("alpha", v(2, 3)).bad(1, 0.0), tensor("beta", v(2, 2)).bad(1, -1.0)),
                Factory.of("Beta", "Beta.of(double, double)", a -> Beta.of(a.d(0), a.d(1)),
                        number("alpha", 2).bad(0, -1.0), number("beta", 2).bad(0, 0.0)),
                Factory.of("DiagonalNormal", "DiagonalNormal.of(Var, Var)", a -> DiagonalNormal.of(a.v(0), a.v(1)),
                        tensor("loc", rows).empty(2, 0).mismatch(m(new double[] {0, 1, 2, 3})),
                        tensor("scale", v(1, 2, 3)).bad(1, -1.0).bad(1, 0.0).empty(0).mismatch(v(1, 2, 3, 4))),
                Factory.of("MultivariateNormal", "MultivariateNormal.of(Var, Var)",
                        a -> MultivariateNormal.of(a.v(0), a.v(1)),
                        tensor("loc", m(new double[] {0, 0}, new double[] {1, 1})).empty(2, 0).mismatch(v(0, 0, 0)),
                        tensor("scaleTril", m(new double[] {1, 0}, new double[] {0.5, 1}))
                                .bad(1, 0.5).bad(3, -1.0).bad(0, 0.0).empty(0, 0).mismatch(Nd4j.eye(3).castTo(DataType.DOUBLE))),
                Factory.of("Dirichlet", "Dirichlet.of(Var)", a -> Dirichlet.of(a.v(0)),
                        tensor("concentration", rows).bad(1, 0.0).bad(1, -1.0).empty(0, 3)),
                Factory.of("RelaxedBernoulli", "RelaxedBernoulli.ofLogits(double, Var)",
                        a -> RelaxedBernoulli.ofLogits(a.d(0), a.v(1)),
                        number("temperature", 0.5).bad(0, 0.0).bad(0, -1.0), tensor("logits", v(0, 1))),
                Factory.of("RelaxedBernoulli", "RelaxedBernoulli.ofLogits(double, Var, boolean)",
                        a -> RelaxedBernoulli.ofLogits(a.d(0), a.v(1), true),
                        number("temperature", 0.5).bad(0, 0.0), tensor("logits", v(0, 1))),
                Factory.of("RelaxedBernoulli", "RelaxedBernoulli.ofProbs(double, Var)",
                        a -> RelaxedBernoulli.ofProbs(a.d(0), a.v(1)),
                        number("temperature", 0.5).bad(0, -1.0),
                        tensor("probs", v(0.3, 0.6)).bad(1, 0.0).bad(1, 1.0).bad(1, 1.5).bad(1, -0.5)),
                Factory.of("RelaxedCategorical", "RelaxedCategorical.ofLogits(double, Var)",
                        a -> RelaxedCategorical.ofLogits(a.d(0), a.v(1)),
                        number("temperature", 0.5).bad(0, 0.0), tensor("logits", rows).empty(0, 3)),
                Factory.of("RelaxedCategorical", "RelaxedCategorical.ofLogits(double, Var, boolean)",
                        a -> RelaxedCategorical.ofLogits(a.d(0), a.v(1), true),
                        number("temperature", 0.5).bad(0, -1.0), tensor("logits", rows).empty(0, 3)),
                Factory.of("Bernoulli", "Bernoulli.ofProbs(Var)", a -> Bernoulli.ofProbs(a.v(0)),
                        tensor("probs", v(0.3, 0.6)).bad(1, 1.5).bad(1, -0.1)),
                Factory.of("Bernoulli", "Bernoulli.ofLogits(Var)", a -> Bernoulli.ofLogits(a.v(0)),
                        tensor("logits", v(-1, 1))),
                Factory.of("Binomial", "Binomial.ofProbs(Var, Var)", a -> Binomial.ofProbs(a.v(0), a.v(1)),
                        tensor("totalCount", v(3, 5)).bad(1, 2.5).bad(1, -1.0), tensor("probs", v(0.3, 0.6)).bad(1, 1.5)),
                Factory.of("Binomial", "Binomial.ofLogits(Var, Var)", a -> Binomial.ofLogits(a.v(0), a.v(1)),
                        tensor("totalCount", v(3, 5)).bad(1, -1.0), tensor("logits", v(-1, 1))),
                Factory.of("Categorical", "Categorical.ofProbs(Var)", a -> Categorical.ofProbs(a.v(0)),
                        tensor("probs", simplexRows).bad(1, 1.5).bad(1, -0.1).empty(0, 3)),
                Factory.of("Categorical", "Categorical.ofLogits(Var)", a -> Categorical.ofLogits(a.v(0)),
                        tensor("logits", rows).empty(0, 3)),
                Factory.of("Delta", "Delta.of(Var)", a -> Delta.of(a.v(0)), tensor("value", v(1, 2))),
                Factory.of("Delta", "Delta.of(Var, int)", a -> Delta.of(a.v(0), 1), tensor("value", rows)),
                Factory.of("Geometric", "Geometric.ofProbs(Var)", a -> Geometric.ofProbs(a.v(0)),
                        tensor("probs", v(0.3, 0.6)).bad(1, 0.0).bad(1, 1.5)),
                Factory.of("Poisson", "Poisson.of(Var)", a -> Poisson.of(a.v(0)),
                        tensor("rate", v(1, 3)).bad(1, 0.0).bad(1, -1.0)));
    }
}
