package dev.ppl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void parseAndPrintRoundTrip() {
        for (String s : new String[] {"z", "encoder/z", "x/17", "a/b/c/d"}) {
            assertEquals(s, Address.parse(s).toString());
        }
        assertEquals(Address.of("a", "b"), Address.parse("a/b"));
        assertEquals(Address.parse("a/b/c"), Address.parse("a").then("b/c"));
    }

    @Test
    void prefixHeadAndTail() {
        Address a = Address.parse("x/3/z");
        assertEquals("x", a.head());
        assertEquals("3/z", a.tail().toString());
        assertTrue(Address.parse("x/3").isPrefixOf(a));
        assertTrue(a.isPrefixOf(a));
        assertFalse(Address.parse("x/30").isPrefixOf(a));
        assertThrows(IllegalStateException.class, () -> Address.parse("z").tail());
    }

    @Test
    void integerPartsSortNumerically() {
        List<Address> xs = new ArrayList<>(List.of(Address.parse("x/10"), Address.parse("x/2"), Address.parse("w"), Address.parse("x/1/a")));
        Collections.sort(xs);
        assertEquals("[w, x/1/a, x/2, x/10]", xs.toString());
    }

    @Test
    void malformedAddressesAreRejectedNamingThePath() {
        for (String bad : new String[] {"x//y", "/x", "x/", "/"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("empty part"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.parse(""));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Address.parse(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Address.of("a/b"));
        assertTrue(e.getMessage().contains("'a/b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Address.of());
        assertThrows(IllegalArgumentException.class, () -> Address.of("a", null));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("a").then((Address) null));
    }

    @Test
    void ancestorsAreTheStrictPrefixesShortestFirst() {
        assertEquals("[a, a/b]", Address.parse("a/b/c").ancestors().toString());
        assertTrue(Address.parse("z").ancestors().isEmpty());
    }
}
