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

    /**
     * Parses {@code "a/b/c"}.
     *
     * @throws IllegalArgumentException naming {@code path} if it is null or empty, or has an empty
     *         part (a leading, trailing or doubled {@code '/'})
     */
    public static Address parse(String path) {
        if (path == null) {
            throw new IllegalArgumentException("address is null; give a path such as \"z\" or \"encoder/z\"");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("address is empty; give a path such as \"z\" or \"encoder/z\"");
        }
        String[] parts = path.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                throw new IllegalArgumentException("address '" + path + "' has an empty part (part " + (i + 1) + " of "
                        + parts.length + "): separate non-empty parts by single '/', with none at either end");
            }
        }
        return of(parts);
    }

    /**
     * The address with these parts.
     *
     * @throws IllegalArgumentException if there are no parts, or a part is null, empty or holds a
     *         {@code '/'} (use {@link #parse} for paths)
     */
    public static Address of(String... parts) {
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException("address must have at least one part");
        }
        for (String p : parts) {
            if (p == null || p.isEmpty() || p.indexOf('/') >= 0) {
                throw new IllegalArgumentException("address part " + (p == null ? "null" : "'" + p + "'") + " in "
                        + Arrays.toString(parts) + " must be non-empty and contain no '/'");
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
        if (suffix == null) {
            throw new IllegalArgumentException("address '" + this + "': the suffix to append is null");
        }
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

    /** The addresses strictly above this one, shortest first: {@code a}, {@code a/b} for {@code a/b/c}. */
    public List<Address> ancestors() {
        List<Address> out = new ArrayList<>(parts.size() - 1);
        for (int n = 1; n < parts.size(); n++) {
            out.add(new Address(parts.subList(0, n)));
        }
        return out;
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
