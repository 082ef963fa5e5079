package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.examples.variance.Estimator;
import dev.ppl.examples.variance.Estimators;
import dev.ppl.examples.variance.MixtureModel;
import org.junit.jupiter.api.Test;

/** {@code variance}: help, a bad option, and a {@code --quick} run end to end. */
class VarianceCommandTest {
    @Test
    void helpDescribesTheOptions() {
        CommandsTest.Outcome o = CommandsTest.run("variance", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--quick") && o.out().contains("--estimates"), o.out());
    }

    @Test
    void tooFewEstimatesIsAUsageError() {
        CommandsTest.Outcome o = CommandsTest.run("variance", "--estimates", "1");
        assertEquals(Commands.USAGE, o.code());
        assertTrue(o.err().contains("--estimates must be at least 2, got 1"), o.err());
    }

    @Test
    void quickRunPrintsOneRowPerEstimator() {
        CommandsTest.Outcome o = CommandsTest.run("variance", "--quick");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("| estimator |"), o.out());
        for (Estimator e : Estimators.all(MixtureModel.standard())) {
            assertTrue(o.out().contains("| " + e.name() + " |"), e.name() + " missing in\n" + o.out());
        }
        assertEquals(1 + 2 + Estimators.all(MixtureModel.standard()).size(), o.out().strip().split("\n").length, o.out());
    }
}
