package dev.ppl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ChoiceMapTest {
    private static Var v(double x) {
        return Var.constant(Nd4j.scalar(x));
    }

    private static final ChoiceMap MAP = ChoiceMap.builder().put("z", v(1)).put("enc/h", v(2)).put("x/10", v(3))
            .put("x/2", v(4)).build();

    @Test
    void getHasAndStableOrder() {
        assertEquals(2.0, MAP.get("enc/h").item());
        assertTrue(MAP.has("x/2"));
        assertFalse(MAP.has("x"));
        assertEquals("[enc/h, x/2, x/10, z]", MAP.addresses().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MAP.get("q"));
        assertTrue(e.getMessage().contains("'q'"), e.getMessage());
    }

    @Test
    void submapStripsThePrefixAndPrefixedRestoresIt() {
        ChoiceMap x = MAP.submap("x");
        assertEquals("[2, 10]", x.addresses().toString());
        assertEquals(MAP.filter(Selection.of("x")), x.prefixed(Address.parse("x")));
        assertTrue(MAP.submap("nothing").isEmpty());
    }

    @Test
    void mergeUnitesAndRejectsConflictsNamingTheAddress() {
        ChoiceMap more = ChoiceMap.builder().put("w", v(5)).build();
        assertEquals(5, MAP.merge(more).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MAP.merge(ChoiceMap.of("z", v(9))));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> MAP.merge(ChoiceMap.of("enc", v(9))));
        assertTrue(p.getMessage().contains("enc"), p.getMessage());
    }

    @Test
    void filterBySelectionAndComplement() {
        assertEquals("[enc/h, z]", MAP.filter(Selection.of("x").complement()).addresses().toString());
        assertEquals(MAP, MAP.filter(Selection.all()));
        assertTrue(MAP.filter(Selection.none()).isEmpty());
    }

    @Test
    void equalityComparesAddressesAndValues() {
        ChoiceMap same = ChoiceMap.builder().put("x/2", v(4)).put("x/10", v(3)).put("enc/h", v(2)).put("z", v(1)).build();
        assertEquals(MAP, same);
        assertNotEquals(MAP, ChoiceMap.builder().put("x/2", v(4)).put("x/10", v(3)).put("enc/h", v(2)).put("z", v(7)).build());
        assertTrue(MAP.toString().contains("z = 1"), MAP.toString());
    }

    @Test
    void duplicateAddressesInABuilderAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ChoiceMap.builder().put("a", v(1)).put("a", v(2)));
    }

    @Test
    void mapValuesKeepsAddressesAndTransformsEveryValue() {
        ChoiceMap doubled = MAP.mapValues(x -> x.mul(2.0));
        assertEquals(MAP.addresses(), doubled.addresses());
        assertEquals(8.0, doubled.get("x/2").item());
        assertEquals(2.0, doubled.get("z").item());
        Var p = Var.param(Nd4j.scalar(1.5));
        ChoiceMap stopped = ChoiceMap.of("z", p).mapValues(Var::stopGradient);
        assertFalse(stopped.get("z").requiresGrad());
        assertEquals(1.5, stopped.get("z").item());
    }
}
