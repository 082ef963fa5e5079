package dev.ppl.vi.engine;

import dev.ppl.autodiff.Provenance;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.vi.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The two halves of Rao-Blackwellization by dependency tracking
 * ({@link dev.ppl.vi.Expectation#raoBlackwellize}): tagging values that the engine creates
 * outside {@code Var} ops (forced values of multi-shot choices inherit the provenance of their
 * distribution's parameters), and selecting, for a choice with source tag \(s\), the part of its
 * continuation that depends on it: \(\sum \{c : s \in \mathrm{prov}(c)\}\) over the costs after it and
 * the tail.
 */
final class DependencyTags {
    private DependencyTags() {}

    /** {@code fork} with each forced value tagged with the provenance of its log density. */
    static Strategy.Fork tagForkValues(Strategy.Fork fork, Distribution<Var> dist) {
        List<Var> tagged = new ArrayList<>();
        for (Var v : fork.values()) {
            tagged.add(v.withProvenance(dist.logDensity(v).provenance()));
        }
        List<Var> values = List.copyOf(tagged);
        return new Strategy.Fork() {
            @Override
            public List<Var> values() {
                return values;
            }

            @Override
            public Var combine(List<Var> continuations, UnaryOperator<Var> toCostShape) {
                return fork.combine(continuations, toCostShape);
            }
        };
    }

    /**
     * The sum, by {@code plus}, of {@code tail} and of {@code costs} (costs after the choice, in any
     * order) that depend on {@code source}, or null if none does.
     */
    static Var dependentPart(Provenance source, Var tail, List<Var> costs, BinaryOperator<Var> plus) {
        Var sum = tail.provenance().intersects(source) ? tail : null;
        for (Var c : costs) {
            if (c.provenance().intersects(source)) {
                sum = sum == null ? c : plus.apply(sum, c.cast(sum.dtype()));
            }
        }
        return sum;
    }
}
