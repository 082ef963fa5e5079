package dev.ppl.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The given addresses (constraints, or choices to assess) that a run of a generative function
 * never visited, each with why, and the visited choice addresses a caller's typo is matched
 * against. A given address is unvisited when no choice has exactly that address and no call's
 * address lies strictly above it; two cases get their own explanation: an address below a choice
 * ({@code y/1} where {@code y} is a choice, which has no sub-addresses) and a value at a call's
 * address ({@code sub} where {@code sub} is a call, whose choices live under {@code sub/...}).
 *
 * <p>{@link #toString} lists the addresses ({@code [Y, y/1]}) followed by the explanations and,
 * for each address with a close visited one, a suggestion ({@code did you mean 'y'?}): the
 * visited address at the smallest edit distance (ignoring case, after the leading parts both
 * share), if the rests are equal ignoring case or within a third of the longer rest's length. Immutable; {@link #prefixed} and {@link #plus} let a caller report
 * its callees' findings under their full addresses.
 */
public final class Unvisited {
    private static final Unvisited NONE = new Unvisited(List.of(), List.of());

    private enum Kind { UNKNOWN, BELOW_CHOICE, AT_CALL }

    /** One unvisited address; {@code choice} is the choice above it, for {@link Kind#BELOW_CHOICE}. */
    private record Entry(Address address, Kind kind, Address choice) {
        Entry prefixed(Address p) {
            return new Entry(p.then(address), kind, choice == null ? null : p.then(choice));
        }
    }

    private final List<Entry> entries;
    private final List<Address> visited;

    private Unvisited(List<Entry> entries, List<Address> visited) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::address));
        this.entries = List.copyOf(sorted);
        this.visited = List.copyOf(visited);
    }

    /** Nothing unvisited. */
    public static Unvisited none() {
        return NONE;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether every given address was visited. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The unvisited addresses, in address order. */
    public List<Address> addresses() {
        return entries.stream().map(Entry::address).toList();
    }

    /** The visited choice addresses that suggestions are drawn from. */
    public List<Address> visited() {
        return visited;
    }

    /** The visited choice address closest to {@code address}, if one is close (see the class comment). */
    public Optional<Address> suggestion(Address address) {
        Address best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Address v : visited) {
            int d = distance(address, v);
            if (d < bestDistance && !v.equals(address)) {
                best = v;
                bestDistance = d;
            }
        }
        return bestDistance == Integer.MAX_VALUE ? Optional.empty() : Optional.of(best);
    }

    /**
     * The edit distance, ignoring case, between the parts of {@code a} and {@code b} after their
     * common leading parts, or {@code MAX_VALUE} if they are not close: equal ignoring case, or at
     * most a third of the longer rest apart (so {@code x/1} is not close to {@code x/2}, nor
     * {@code q} to {@code z}).
     */
    private static int distance(Address a, Address b) {
        List<String> pa = a.parts(), pb = b.parts();
        int common = 0;
        while (common < Math.min(pa.size(), pb.size()) && pa.get(common).equalsIgnoreCase(pb.get(common))) {
            common++;
        }
        String ra = String.join("/", pa.subList(common, pa.size())).toLowerCase(Locale.ROOT);
        String rb = String.join("/", pb.subList(common, pb.size())).toLowerCase(Locale.ROOT);
        int d = EditDistance.of(ra, rb);
        int longer = Math.max(ra.length(), rb.length());
        boolean close = d == 0 || longer >= 2 && d <= Math.max(1, longer / 3);
        return close ? d : Integer.MAX_VALUE;
    }

    /** The same findings with {@code prefix} prepended to every address (a caller's namespace). */
    public Unvisited prefixed(Address prefix) {
        return new Unvisited(entries.stream().map(e -> e.prefixed(prefix)).toList(),
                visited.stream().map(prefix::then).toList());
    }

    /** The findings of both. */
    public Unvisited plus(Unvisited other) {
        if (other.isEmpty() && other.visited.isEmpty()) {
            return this;
        }
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        List<Address> seen = new ArrayList<>(visited);
        seen.addAll(other.visited);
        return new Unvisited(all, seen);
    }

    /** The addresses, then one explanation or suggestion per address that has one. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(addresses().toString());
        for (Entry e : entries) {
            String a = "'" + e.address() + "'";
            if (e.kind() == Kind.BELOW_CHOICE) {
                sb.append("; ").append(a).append(" lies below the choice at '").append(e.choice())
                        .append("', which has no sub-addresses");
            } else if (e.kind() == Kind.AT_CALL) {
                sb.append("; ").append(a).append(" is the address of a call: give the callee's choices under '")
                        .append(e.address()).append("/...'");
            } else {
                suggestion(e.address()).ifPresent(s -> sb.append("; ").append(a).append(": did you mean '").append(s)
                        .append("'?"));
            }
        }
        return sb.toString();
    }

    /** Collects findings. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private final List<Address> visited = new ArrayList<>();

        private Builder() {}

        /** {@code address} lies neither at a visited choice nor below a visited call. */
        public Builder unknown(Address address) {
            entries.add(new Entry(address, Kind.UNKNOWN, null));
            return this;
        }

        /** {@code address} lies below {@code choice}, a visited choice (a leaf). */
        public Builder belowChoice(Address address, Address choice) {
            entries.add(new Entry(address, Kind.BELOW_CHOICE, choice));
            return this;
        }

        /** {@code address} is the address of a visited call, which holds no value itself. */
        public Builder atCall(Address address) {
            entries.add(new Entry(address, Kind.AT_CALL, null));
            return this;
        }

        /** Adds visited choice addresses to draw suggestions from. */
        public Builder visited(Collection<Address> addresses) {
            visited.addAll(addresses);
            return this;
        }

        /** The findings. */
        public Unvisited build() {
            return new Unvisited(entries, visited);
        }
    }
}
