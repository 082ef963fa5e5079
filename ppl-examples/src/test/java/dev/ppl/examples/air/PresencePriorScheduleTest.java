package dev.ppl.examples.air;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PresencePriorScheduleTest {
    @Test
    void annealsGeometricallyThenHolds() {
        PresencePriorSchedule s = new PresencePriorSchedule(0.5, 0.005, 100);
        assertTrue(s.anneals());
        assertEquals(0.5, s.at(0), 1e-15);
        assertEquals(0.05, s.at(50), 1e-12); // the geometric mean of 0.5 and 0.005
        assertEquals(0.5 * Math.pow(0.01, 0.25), s.at(25), 1e-12);
        assertEquals(0.005, s.at(100), 1e-15);
        assertEquals(0.005, s.at(1_000_000), 1e-15);
        for (int t = 1; t <= 100; t++) {
            assertTrue(s.at(t) < s.at(t - 1), "decreasing at " + t);
        }
    }

    @Test
    void aFixedPriorIsConstant() {
        PresencePriorSchedule s = PresencePriorSchedule.fixed(0.01);
        assertFalse(s.anneals());
        assertEquals(0.01, s.at(0));
        assertEquals(0.01, s.at(12345));
    }

    @Test
    void badValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PresencePriorSchedule(1.5, 0.1, 10)).getMessage()
                .contains("start must be in (0, 1), got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PresencePriorSchedule(0.5, 0, 10)).getMessage()
                .contains("end must be in (0, 1), got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PresencePriorSchedule(0.5, 0.1, -1)).getMessage()
                .contains("steps must be >= 0, got -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PresencePriorSchedule.fixed(0.5).at(-2)).getMessage()
                .contains("step must be >= 0, got -2"));
    }
}
