package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The measure-valued derivative of one distribution family: which values to force given the
 * sampled value \(x\), and how to combine their continuations. One small class per family.
 */
interface MvdRule {
    /** Whether the rule is for {@code dist}'s family. */
    boolean appliesTo(Distribution<Var> dist);

    /** The forced values (first the sample \(x\) itself) and their combination. */
    MultiShot.Fork fork(Distribution<Var> dist, Var x, ChoiceShape shape);

    /** A fork of {@code values} combined by {@code combine}. */
    static MultiShot.Fork of(List<Var> values, Function<List<Var>, Var> combine) {
        List<Var> copy = List.copyOf(values);
        return new MultiShot.Fork() {
            @Override
            public List<Var> values() {
                return copy;
            }

            @Override
            public Var combine(List<Var> continuations) {
                return combine.apply(continuations);
            }
        };
    }

    /**
     * The sample \(x\) followed by \(x + e_i\) for each of the {@code m} coordinates (the
     * alternatives of the count families, whose derivative couples \(f(X + 1)\) with \(f(X)\)).
     */
    static List<Var> stepUpEachCoordinate(Var x, ChoiceShape shape, int m) {
        List<Var> values = new ArrayList<>();
        values.add(x);
        for (int i = 0; i < m; i++) {
            values.add(x.add(shape.mask(i, x)));
        }
        return values;
    }

    /** The number of coordinates after checking it against the MVD cap. */
    static int coordinates(ChoiceShape shape) {
        shape.requireCoordinatesAtMost("MVD", Strategies.MAX_MVD_COORDINATES);
        return shape.coordinates();
    }
}
