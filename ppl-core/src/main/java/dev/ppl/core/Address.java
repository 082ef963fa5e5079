package dev.ppl.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A hierarchical choice address such as {@code z}, {@code encoder/z} or {@code x/17}: a
 * non-empty path of non-empty parts without {@code '/'}. {@link #parse} and {@link #toString}
 * round-trip. Ordered part by part (parts that are both integers compare numerically, so
 * {@code x/2} precedes {@code x/10}).
 */
public final class Address implements Comparable<Address> {
    private final List<String> parts;

    private Address(List<String> parts) {
        this.parts = parts;
    }

    /** Parses {@code "a/b/c"}. */
    public static Address parse(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("address must be non-empty, got '" + path + "'");
        }
        return of(path.split("/", -1));
    }

    /** The address with these parts. */
    public static Address of(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("address must have at least one part");
        }
        for (String p : parts) {
            if (p == null || p.isEmpty() || p.indexOf('/') >= 0) {
                throw new IllegalArgumentException("address part '" + p + "' in " + Arrays.toString(parts)
                        + " must be non-empty and contain no '/'");
            }
        }
        return new Address(List.of(parts));
    }

    /** This address followed by {@code child} (parsed, so it may itself be a path). */
    public Address then(String child) {
        return then(parse(child));
    }

    /** This address followed by {@code suffix}. */
    public Address then(Address suffix) {
        List<String> all = new ArrayList<>(parts);
        all.addAll(suffix.parts);
        return new Address(Collections.unmodifiableList(all));
    }

    /** The parts, first to last. */
    public List<String> parts() {
        return parts;
    }

    /** The first part. */
    public String head() {
        return parts.get(0);
    }

    /** Whether this address has more than one part. */
    public boolean hasTail() {
        return parts.size() > 1;
    }

    /** All parts but the first; only for addresses with a tail. */
    public Address tail() {
        if (!hasTail()) {
            throw new IllegalStateException("address '" + this + "' has no tail");
        }
        return new Address(parts.subList(1, parts.size()));
    }

    /** Whether {@code other} equals this address or lies below it. */
    public boolean isPrefixOf(Address other) {
        return other.parts.size() >= parts.size() && other.parts.subList(0, parts.size()).equals(parts);
    }

    @Override
    public int compareTo(Address o) {
        int n = Math.min(parts.size(), o.parts.size());
        for (int i = 0; i < n; i++) {
            int c = comparePart(parts.get(i), o.parts.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(parts.size(), o.parts.size());
    }

    private static int comparePart(String a, String b) {
        boolean na = isInteger(a), nb = isInteger(b);
        if (na && nb) {
            int c = Long.compare(Long.parseLong(a), Long.parseLong(b));
            return c != 0 ? c : a.compareTo(b);
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    }

    private static boolean isInteger(String s) {
        if (s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && a.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return String.join("/", parts);
    }
}
