package dev.ppl.dist.badinput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every family of {@link ValueTable} returns, outside strict validation, for the values that
 * are errors inside it (the policy of {@code Distribution.logDensity}): NaN for a NaN, \(-\infty\)
 * for \(\pm\infty\) and for a value outside the support, with the other batch elements untouched;
 * and the empty log density (sum 0) for an empty value.
 */
class DefaultModeValuesTest {
    static Stream<ValueSpec> specs() {
        return ValueTable.specs().stream();
    }

    /** The log density of {@code x}, flattened. */
    private static double[] scores(ValueSpec s, Var x) {
        return s.dist().get().logDensity(x).value().castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    /** Batch element {@code bad} is {@code expected} (NaN matches NaN), and every other one finite. */
    private static void assertOnly(ValueSpec s, double[] lp, int bad, double expected) {
        for (int i = 0; i < lp.length; i++) {
            if (i == bad) {
                assertEquals(expected, lp[i], 0.0, s.label() + ": batch element " + i);
            } else {
                assertTrue(Double.isFinite(lp[i]), s.label() + ": batch element " + i + " is " + lp[i]);
            }
        }
    }

    /** The control: the valid value scores finite everywhere (so each check below sees the bad element's effect). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aValidValueHasFiniteLogDensities(ValueSpec s) {
        assertOnly(s, scores(s, Var.constant(s.valid())), -1, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aNaNValuePropagatesAsNaN(ValueSpec s) {
        Var x = s.validWith(Double.NaN);
        assertOnly(s, scores(s, x), (int) (1 / s.eventLength()), Double.NaN);
        assertEquals(Double.NaN, s.dist().get().logDensitySum(x).item(), 0.0, s.label() + ": logDensitySum");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void infiniteValuesHaveLogDensityMinusInfinity(ValueSpec s) {
        for (double inf : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Var x = s.validWith(inf);
            assertOnly(s, scores(s, x), (int) (1 / s.eventLength()), Double.NEGATIVE_INFINITY);
            assertEquals(Double.NEGATIVE_INFINITY, s.dist().get().logDensitySum(x).item(), 0.0,
                    s.label() + ": logDensitySum of " + inf);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aValueOutsideTheSupportHasLogDensityMinusInfinity(ValueSpec s) {
        if (s.outside() == null) {
            return; // all of R^n
        }
        Var x = Var.constant(s.outside());
        assertOnly(s, scores(s, x), 1, Double.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, s.dist().get().logDensitySum(x).item(), 0.0, s.label() + ": logDensitySum");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void anEmptyValueHasAnEmptyLogDensitySummingToZero(ValueSpec s) {
        Distribution<Var> d = s.dist().get();
        long[] batch = Expansion.concat(new long[] {0}, d.batchShape());
        Var empty = Var.constant(Nd4j.create(DataType.DOUBLE, Expansion.concat(batch, d.eventShape())));
        Var lp = d.logDensity(empty);
        assertArrayEquals(batch, lp.shape(), s.label());
        assertEquals(DataType.DOUBLE, lp.dtype(), s.label());
        Var total = d.logDensitySum(empty);
        assertEquals(0, total.rank(), s.label());
        assertEquals(0.0, total.item(), 0.0, s.label());
    }
}
