package dev.ppl.autodiff;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DebugModeTest {
    @Test
    void forwardNaNNamesTheOpAndShapes() {
        Var x = Var.param(Nd4j.createFromArray(1.0, -1.0));
        try (DebugMode d = DebugMode.enable()) {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> x.log());
            assertTrue(e.getMessage().contains("forward value of op 'log'"), e.getMessage());
            assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("[2]"), e.getMessage());
        }
    }

    @Test
    void backwardInfinityNamesTheOp() {
        Var x = Var.param(Nd4j.createFromArray(0.0, 1.0));
        try (DebugMode d = DebugMode.enable()) {
            Var y = x.sqrt().sum();
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> Grad.grad(y, x));
            assertTrue(e.getMessage().contains("backward gradient of op 'sqrt'"), e.getMessage());
        }
    }

    @Test
    void checksAreOffByDefaultAndScopesNest() {
        assertFalse(DebugMode.isEnabled());
        Var x = Var.param(Nd4j.createFromArray(-1.0));
        assertDoesNotThrow(() -> x.log());
        try (DebugMode outer = DebugMode.enable()) {
            try (DebugMode inner = DebugMode.enable()) {
                assertTrue(DebugMode.isEnabled());
            }
            assertTrue(DebugMode.isEnabled());
        }
        assertFalse(DebugMode.isEnabled());
    }
}
