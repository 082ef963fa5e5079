package dev.ppl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnvisitedTest {
    private static Address a(String s) {
        return Address.parse(s);
    }

    private static Optional<String> suggest(String given, String... visited) {
        Unvisited u = Unvisited.builder().unknown(a(given)).visited(List.of(visited).stream().map(Address::parse).toList()).build();
        return u.suggestion(a(given)).map(Address::toString);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Y, y", "sub/W, sub/w", "sigam, sigma", "mu, mus", "obs/3, obs/03", "encoder/z, encodr/z", "Xs/1/y, xs/1/y"})
    void aLikelyTypoSuggestsTheVisitedAddress(String given, String meant) {
        assertEquals(Optional.of(meant), suggest(given, "z", meant, "other/thing"));
    }

    @ParameterizedTest(name = "{0} is not close to {1}")
    @CsvSource({"q, z", "x/1, x/2", "no/such, z", "alpha, beta", "y, sub/y"})
    void anAddressNothingResemblesSuggestsNothing(String given, String visited) {
        assertEquals(Optional.empty(), suggest(given, visited));
    }

    @Test
    void theClosestOfSeveralIsSuggested() {
        assertEquals(Optional.of("sigma"), suggest("sigmaa", "sigma2x", "sigma", "sigmas2"));
    }

    @Test
    void toStringListsTheAddressesThenWhyAndSuggestions() {
        Unvisited u = Unvisited.builder().unknown(a("Y")).belowChoice(a("z/1"), a("z")).atCall(a("sub")).unknown(a("q"))
                .visited(List.of(a("z"), a("y"), a("sub/w"))).build();
        assertEquals("[Y, q, sub, z/1]; 'Y': did you mean 'y'?; 'sub' is the address of a call: give the callee's choices "
                + "under 'sub/...'; 'z/1' lies below the choice at 'z', which has no sub-addresses", u.toString());
    }

    @Test
    void prefixedAndPlusKeepEveryFindingUnderItsFullAddress() {
        Unvisited inner = Unvisited.builder().belowChoice(a("w/1"), a("w")).visited(List.of(a("w"))).build();
        Unvisited outer = Unvisited.builder().unknown(a("Z")).visited(List.of(a("z"))).build();
        Unvisited all = outer.plus(inner.prefixed(a("sub")));
        assertEquals(List.of(a("Z"), a("sub/w/1")), all.addresses());
        assertEquals(List.of(a("z"), a("sub/w")), all.visited());
        assertTrue(all.toString().contains("'sub/w/1' lies below the choice at 'sub/w'"), all.toString());
        assertTrue(Unvisited.none().isEmpty() && Unvisited.none().plus(Unvisited.none()).isEmpty());
    }
}
