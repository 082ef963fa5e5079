package dev.ppl.dist;

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
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The table of {@link ExpandTest}: one distribution of every family (and parameterization) with
 * batch shape {@code [2]}, and one with batch shape {@code []} where the family allows it, all in
 * float64.
 */
final class ExpandCases {
    private ExpandCases() {}

    /**
     * One row: a label, the distribution (built lazily, so ND4J starts inside the test), whether
     * its values are discrete (independence is then checked on 50 rows) and whether it has no
     * randomness at all ({@link Delta}).
     */
    record Case(String label, Supplier<Distribution<Var>> dist, boolean discrete, boolean deterministic) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Var c(double... v) {
        return Var.constant(Nd4j.createFromArray(v));
    }

    static Var c(double[][] v) {
        return Var.constant(Nd4j.createFromArray(v));
    }

    static Var s(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    private static Case cont(String label, Supplier<Distribution<Var>> d) {
        return new Case(label, d, false, false);
    }

    private static Case disc(String label, Supplier<Distribution<Var>> d) {
        return new Case(label, d, true, false);
    }

    static List<Case> all() {
        double[][] probs = {{0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}};
        double[][] conc = {{1.5, 2.0, 3.0}, {0.8, 4.0, 1.2}};
        return List.of(
                cont("Normal [2]", () -> Normal.of(c(0.1, -0.5), c(1.0, 2.0))),
                cont("Normal []", () -> Normal.of(0.3, 1.2)),
                cont("LogNormal [2]", () -> LogNormal.of(c(0.1, -0.5), c(0.4, 0.9))),
                cont("LogNormal []", () -> LogNormal.of(0.2, 0.5)),
                cont("Laplace [2]", () -> Laplace.of(c(0.1, -0.5), s(0.7))),
                cont("Laplace []", () -> Laplace.of(0.0, 1.5)),
                cont("Cauchy [2]", () -> Cauchy.of(s(1.0), c(0.5, 2.0))),
                cont("Cauchy []", () -> Cauchy.of(-1.0, 0.3)),
                cont("Uniform [2]", () -> Uniform.of(c(0.0, -1.0), c(1.0, 3.0))),
                cont("Uniform []", () -> Uniform.of(-2.0, 5.0)),
                cont("Exponential [2]", () -> Exponential.of(c(0.5, 3.0))),
                cont("Exponential []", () -> Exponential.of(2.0)),
                cont("StudentT [2]", () -> StudentT.of(c(3.0, 7.5), s(0.2), c(1.0, 0.5))),
                cont("StudentT []", () -> StudentT.of(4.0, 1.0, 2.0)),
                cont("Gamma [2]", () -> Gamma.of(c(0.7, 3.0), c(1.0, 2.5))),
                cont("Gamma []", () -> Gamma.of(2.0, 0.5)),
                cont("Beta [2]", () -> Beta.of(c(0.7, 3.0), c(2.0, 1.5))),
                cont("Beta []", () -> Beta.of(2.0, 5.0)),
                cont("DiagonalNormal [2]", () -> DiagonalNormal.of(c(new double[][] {{0, 1, 2}, {-1, 0.5, 3}}),
                        c(0.5, 1.0, 2.0))),
                cont("DiagonalNormal []", () -> DiagonalNormal.of(c(0.0, 1.0, -2.0), s(0.8))),
                cont("MultivariateNormal [2] (shared factor)", () -> MultivariateNormal.of(
                        c(new double[][] {{0, 1}, {-1, 2}}), c(new double[][] {{1.0, 0}, {0.5, 2.0}}))),
                cont("MultivariateNormal [2] (batched factor)", () -> MultivariateNormal.of(c(0.3, -0.2),
                        Var.constant(Nd4j.createFromArray(
                                new double[][][] {{{1.0, 0}, {0.5, 2.0}}, {{0.7, 0}, {-0.4, 1.1}}})))),
                cont("MultivariateNormal []", () -> MultivariateNormal.of(c(0.3, -0.2),
                        c(new double[][] {{1.0, 0}, {0.5, 2.0}}))),
                cont("Dirichlet [2]", () -> Dirichlet.of(c(conc))),
                cont("Dirichlet []", () -> Dirichlet.of(1.5, 2.0, 3.0)),
                cont("RelaxedBernoulli [2]", () -> RelaxedBernoulli.ofLogits(0.7, c(-1.0, 2.0))),
                cont("RelaxedBernoulli []", () -> RelaxedBernoulli.ofProbs(1.3, s(0.4))),
                cont("RelaxedCategorical [2]", () -> RelaxedCategorical.ofLogits(0.9, c(conc))),
                cont("RelaxedCategorical []", () -> RelaxedCategorical.ofLogits(0.5, c(0.1, -0.3, 1.0))),
                disc("Bernoulli probs [2]", () -> Bernoulli.ofProbs(c(0.2, 0.7))),
                disc("Bernoulli logits [2]", () -> Bernoulli.ofLogits(c(-0.4, 1.1))),
                disc("Bernoulli []", () -> Bernoulli.ofProbs(s(0.5))),
                disc("Categorical probs [2]", () -> Categorical.ofProbs(c(probs))),
                disc("Categorical logits [2]", () -> Categorical.ofLogits(c(conc))),
                disc("Categorical []", () -> Categorical.ofProbs(c(0.25, 0.25, 0.5))),
                disc("Binomial probs [2]", () -> Binomial.ofProbs(c(5.0, 12.0), c(0.3, 0.6))),
                disc("Binomial logits [2]", () -> Binomial.ofLogits(s(8.0), c(-0.5, 0.8))),
                disc("Binomial []", () -> Binomial.ofProbs(s(10.0), s(0.4))),
                disc("Geometric [2]", () -> Geometric.ofProbs(c(0.3, 0.6))),
                disc("Geometric []", () -> Geometric.ofProbs(s(0.4))),
                disc("Poisson [2]", () -> Poisson.of(c(1.5, 4.0))),
                disc("Poisson []", () -> Poisson.of(s(3.0))),
                new Case("Delta [2]", () -> Delta.of(c(0.5, -1.0)), true, true),
                new Case("Delta [2] event [3]", () -> Delta.of(c(new double[][] {{0, 1, 2}, {3, 4, 5}}), 1),
                        true, true),
                new Case("Delta []", () -> Delta.of(s(2.5)), true, true));
    }
}
