package dev.ppl.core;

import java.util.Arrays;
import java.util.List;

/**
 * A set of addresses, used to filter choice maps and to pick the choices that
 * {@link GenerativeFunction#regenerate} resamples. Address sets are closed under descent: a
 * selection containing {@code a} contains every address below {@code a}.
 */
@FunctionalInterface
public interface Selection {
    /** Whether {@code address} is selected. */
    boolean contains(Address address);

    /** Every address. */
    static Selection all() {
        return a -> true;
    }

    /** No address. */
    static Selection none() {
        return a -> false;
    }

    /** The given addresses and everything below them. */
    static Selection of(String... addresses) {
        List<Address> parsed = Arrays.stream(addresses).map(Address::parse).toList();
        return a -> parsed.stream().anyMatch(p -> p.isPrefixOf(a));
    }

    /** The addresses not in this selection. */
    default Selection complement() {
        return a -> !contains(a);
    }
}
