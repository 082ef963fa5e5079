package dev.ppl.vi.predictive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.core.ChoiceMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link PredictiveSummary} against values computed by hand. */
class PredictiveSummaryTest {
    // a: 3 draws of a site of shape [2]; b: 4 draws of a scalar site (rows of a and b differ in N on purpose elsewhere)
    static final ChoiceMap A = ChoiceMap.of("a", Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 10}}));
    static final ChoiceMap B = ChoiceMap.of("b", Nd4j.createFromArray(4.0, 1.0, 3.0, 2.0));

    static void assertValues(double[] expected, INDArray got) {
        assertArrayEquals(expected, got.reshape(got.length()).toDoubleVector(), 1e-12);
    }

    @Test
    void meanStdAndQuantilesAreComputedPerElementOverTheSampleDim() {
        PredictiveSummary s = PredictiveSummary.of(A);
        assertEquals(3, s.sampleCount());
        assertArrayEquals(new long[] {2}, s.mean("a").shape());
        assertValues(new double[] {3, 16.0 / 3}, s.mean("a"));
        // column 0: 1, 3, 5 -> sum of squares 8, / 2 -> 4; column 1: 2, 4, 10 -> (100 + 16 + 196) / 9 / 2
        assertValues(new double[] {2, Math.sqrt(312.0 / 9 / 2)}, s.std("a"));
        assertValues(new double[] {3, 4}, s.quantile("a", 0.5));
        assertValues(new double[] {2, 3}, s.quantile("a", 0.25)); // h = 0.5: halfway between the two smallest
        assertValues(new double[] {1, 2}, s.quantile("a", 0));
        assertValues(new double[] {5, 10}, s.quantile("a", 1));
    }

    @Test
    void aScalarSiteGivesScalarSummaries() {
        PredictiveSummary s = PredictiveSummary.of(B);
        assertEquals(0, s.mean("b").rank());
        assertEquals(2.5, s.mean("b").getDouble(0), 1e-12);
        assertEquals(3.7, s.quantile("b", 0.9).getDouble(0), 1e-12); // sorted 1 2 3 4, h = 2.7
        assertEquals(Math.sqrt(5.0 / 3), s.std("b").getDouble(0), 1e-12);
    }

    @Test
    void badInputIsAnErrorNamingTheAddressAndShape() {
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class, () -> PredictiveSummary.of(A.merge(B)));
        assertTrue(dims.getMessage().contains("a [3, 2]") && dims.getMessage().contains("b [4]"), dims.getMessage());
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> PredictiveSummary.of(B).quantile("b", 1.5));
        assertTrue(q.getMessage().contains("'b'") && q.getMessage().contains("1.5"), q.getMessage());
        ChoiceMap one = ChoiceMap.of("c", Nd4j.createFromArray(new double[][] {{1, 2}}));
        IllegalStateException std = assertThrows(IllegalStateException.class, () -> PredictiveSummary.of(one).std("c"));
        assertTrue(std.getMessage().contains("'c'"), std.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> PredictiveSummary.of(A).mean("aa"));
        assertTrue(missing.getMessage().contains("aa"), missing.getMessage());
    }
}
