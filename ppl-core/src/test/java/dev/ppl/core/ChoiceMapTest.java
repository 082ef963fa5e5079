package dev.ppl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChoiceMap.builder().put("a", v(1)).put("a", v(2)));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("twice"), e.getMessage());
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

    /** Every way of building a map, each giving a leaf at one address and a value below it. */
    static Stream<Arguments> overlappingBuilds() {
        return Stream.of(
                Arguments.of("builder, leaf first", "x", "x/1",
                        (Supplier<ChoiceMap>) () -> ChoiceMap.builder().put("x", v(1)).put("x/1", v(2)).build()),
                Arguments.of("builder, leaf last", "x", "x/1",
                        (Supplier<ChoiceMap>) () -> ChoiceMap.builder().put("x/1", v(1)).put("x", v(2)).build()),
                Arguments.of("builder, deep", "a/b", "a/b/c/d",
                        (Supplier<ChoiceMap>) () -> ChoiceMap.builder().put("a/b/c/d", v(1)).put("a/b", v(2)).build()),
                Arguments.of("builder, addresses", "x", "x/1", (Supplier<ChoiceMap>) () -> ChoiceMap.builder()
                        .put(Address.of("x", "1"), v(1)).put(Address.of("x"), v(2)).build()),
                Arguments.of("builder, tensors", "x", "x/1", (Supplier<ChoiceMap>) () -> ChoiceMap.builder()
                        .put("x", Nd4j.scalar(1.0)).put("x/1", Nd4j.scalar(2.0)).build()),
                Arguments.of("of, merged", "x", "x/1",
                        (Supplier<ChoiceMap>) () -> ChoiceMap.of("x", v(1)).merge(ChoiceMap.of("x/1", v(2)))),
                Arguments.of("merged, leaf last", "x", "x/1",
                        (Supplier<ChoiceMap>) () -> ChoiceMap.of("x/1", v(1)).merge(ChoiceMap.of("x", v(2)))),
                Arguments.of("prefixed, merged", "x", "x/1", (Supplier<ChoiceMap>) () ->
                        ChoiceMap.of("1", v(1)).prefixed(Address.parse("x")).merge(ChoiceMap.of("x", v(2)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlappingBuilds")
    void aLeafAboveAnotherAddressIsRejectedNamingBoth(String how, String leaf, String below, Supplier<ChoiceMap> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains("'" + leaf + "'") && e.getMessage().contains("'" + below + "'")
                && e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void siblingsAndCousinsDoNotOverlap() {
        ChoiceMap m = ChoiceMap.builder().put("x/1", v(1)).put("x/10", v(2)).put("x/2/a", v(3)).put("xy", v(4)).put("x/2/b", v(5))
                .build();
        assertEquals("[x/1, x/2/a, x/2/b, x/10, xy]", m.addresses().toString());
        assertEquals(m, ChoiceMap.of("x/1", v(1)).merge(m.filter(Selection.of("x/1").complement())));
    }

    @Test
    void nullAddressesAndValuesAreRejectedNamingTheAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChoiceMap.of("x", (Var) null));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChoiceMap.of("obs/3", (INDArray) null));
        assertTrue(e.getMessage().contains("'obs/3'") && e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChoiceMap.builder().put((String) null, v(1)));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChoiceMap.builder().put((Address) null, v(1)));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MAP.mapValues(x -> null));
        assertTrue(e.getMessage().contains("'enc/h'") && e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MAP.merge(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MAP.get((Address) null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void aMissingAddressSuggestsTheClosestStoredOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MAP.get("enc/H"));
        assertTrue(e.getMessage().contains("did you mean 'enc/h'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MAP.get("q"));
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }
}
