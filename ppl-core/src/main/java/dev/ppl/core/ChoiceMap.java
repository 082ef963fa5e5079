package dev.ppl.core;

import dev.ppl.autodiff.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable, hierarchical map from {@link Address}es to choice values (tensors, as
 * {@link Var}s). Iteration is in address order ({@link Address#compareTo}), so it is stable.
 * Values keep their gradient paths: a reparameterized choice stays differentiable when it is
 * read back from a trace's choices.
 *
 * <p>Every way of building a map enforces the same invariants, naming the offending addresses:
 * no address is null, no value is null, no address is given twice, and no address holding a
 * value is a prefix of another (a value makes its address a leaf: {@code x} and {@code x/1}
 * cannot both be given).
 */
public final class ChoiceMap implements Iterable<Map.Entry<Address, Var>> {
    private static final ChoiceMap EMPTY = new ChoiceMap(new TreeMap<>());
    private final NavigableMap<Address, Var> entries;

    private ChoiceMap(NavigableMap<Address, Var> entries) {
        this.entries = Collections.unmodifiableNavigableMap(entries);
    }

    /** The empty choice map. */
    public static ChoiceMap empty() {
        return EMPTY;
    }

    /** A map with one choice. */
    public static ChoiceMap of(String address, Var value) {
        return builder().put(address, value).build();
    }

    /** A map with one choice holding a constant tensor. */
    public static ChoiceMap of(String address, INDArray value) {
        return builder().put(address, value).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value at {@code address}; throws naming the address, the closest stored one if it is
     * close (a likely typo), and the stored ones, if absent.
     */
    public Var get(Address address) {
        requireAddress(address, "get");
        Var v = entries.get(address);
        if (v == null) {
            String hint = Unvisited.builder().visited(entries.keySet()).build().suggestion(address)
                    .map(s -> " (did you mean '" + s + "'?)").orElse("");
            throw new IllegalArgumentException("no choice at address '" + address + "'" + hint + "; choices: " + entries.keySet());
        }
        return v;
    }

    /** The value at the parsed {@code address}. */
    public Var get(String address) {
        return get(Address.parse(address));
    }

    /** Whether a value is stored exactly at {@code address}. */
    public boolean has(Address address) {
        requireAddress(address, "has");
        return entries.containsKey(address);
    }

    /** Whether a value is stored exactly at the parsed {@code address}. */
    public boolean has(String address) {
        return has(Address.parse(address));
    }

    /** The choices below {@code prefix}, with the prefix removed from their addresses. */
    public ChoiceMap submap(Address prefix) {
        requireAddress(prefix, "submap");
        TreeMap<Address, Var> sub = new TreeMap<>();
        for (Map.Entry<Address, Var> e : entries.tailMap(prefix, false).entrySet()) {
            if (!prefix.isPrefixOf(e.getKey())) {
                break;
            }
            Address rest = e.getKey();
            for (int i = 0; i < prefix.parts().size(); i++) {
                rest = rest.tail();
            }
            sub.put(rest, e.getValue());
        }
        return new ChoiceMap(sub);
    }

    /** The choices below the parsed {@code prefix}. */
    public ChoiceMap submap(String prefix) {
        return submap(Address.parse(prefix));
    }

    /** The same choices with {@code prefix} prepended to every address. */
    public ChoiceMap prefixed(Address prefix) {
        requireAddress(prefix, "prefixed");
        TreeMap<Address, Var> out = new TreeMap<>();
        entries.forEach((k, v) -> out.put(prefix.then(k), v));
        return new ChoiceMap(out);
    }

    /**
     * The union of both maps. An address present in both, or an address of one that is a
     * prefix of an address of the other, is a conflict: {@link IllegalArgumentException} naming it.
     */
    public ChoiceMap merge(ChoiceMap other) {
        if (other == null) {
            throw new IllegalArgumentException("merge: the other choice map is null; use ChoiceMap.empty() for none");
        }
        TreeMap<Address, Var> out = new TreeMap<>(entries);
        for (Map.Entry<Address, Var> e : other.entries.entrySet()) {
            Address a = e.getKey();
            Address mine = clash(entries, a);
            if (a.equals(mine)) {
                throw new IllegalArgumentException("merge: both choice maps have a value at '" + a + "'");
            }
            if (mine != null) {
                throw new IllegalArgumentException("merge: '" + mine + "' and '" + a + "' overlap (one is a prefix of the other)");
            }
            out.put(a, e.getValue());
        }
        return new ChoiceMap(out);
    }

    /**
     * The address of {@code entries} that equals {@code a}, lies above it or lies below it, or
     * null if none does. Addresses below {@code a} follow it directly in address order.
     */
    private static Address clash(NavigableMap<Address, ?> entries, Address a) {
        if (entries.containsKey(a)) {
            return a;
        }
        for (Address above : a.ancestors()) {
            if (entries.containsKey(above)) {
                return above;
            }
        }
        Address next = entries.higherKey(a);
        return next != null && a.isPrefixOf(next) ? next : null;
    }

    private static void requireAddress(Address a, String op) {
        if (a == null) {
            throw new IllegalArgumentException("choice map: " + op + " was given a null address");
        }
    }

    /**
     * The same addresses with every value replaced by {@code f(value)}; e.g.
     * {@code choices.mapValues(Var::stopGradient)} keeps the values and cuts their gradient paths,
     * as the sticking-the-landing and doubly reparameterized estimators need.
     */
    public ChoiceMap mapValues(UnaryOperator<Var> f) {
        TreeMap<Address, Var> out = new TreeMap<>();
        entries.forEach((k, v) -> {
            Var mapped = f.apply(v);
            if (mapped == null) {
                throw new IllegalArgumentException("choice map: mapValues turned the value at '" + k + "' into null");
            }
            out.put(k, mapped);
        });
        return new ChoiceMap(out);
    }

    /** The choices whose addresses {@code selection} contains. */
    public ChoiceMap filter(Selection selection) {
        TreeMap<Address, Var> out = new TreeMap<>();
        entries.forEach((k, v) -> {
            if (selection.contains(k)) {
                out.put(k, v);
            }
        });
        return new ChoiceMap(out);
    }

    /** The addresses, in order. */
    public List<Address> addresses() {
        return new ArrayList<>(entries.keySet());
    }

    /** The number of choices. */
    public int size() {
        return entries.size();
    }

    /** Whether there are no choices. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public Iterator<Map.Entry<Address, Var>> iterator() {
        return entries.entrySet().iterator();
    }

    /** Equal addresses with equal values (compared as tensors). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChoiceMap c) || !c.entries.keySet().equals(entries.keySet())) {
            return false;
        }
        for (Map.Entry<Address, Var> e : entries.entrySet()) {
            if (!e.getValue().value().equals(c.entries.get(e.getKey()).value())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return entries.keySet().hashCode();
    }

    /** One line per choice: {@code address = value} (tensors shown by shape when large). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ChoiceMap{");
        String sep = "";
        for (Map.Entry<Address, Var> e : entries.entrySet()) {
            INDArray v = e.getValue().value();
            String shown = v.length() <= 6 ? v.toString().replaceAll("\\s+", " ") : v.dataType() + java.util.Arrays.toString(v.shape());
            sb.append(sep).append(e.getKey()).append(" = ").append(shown);
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    /**
     * Accumulates choices. A null address or value, an address given twice, or an address that
     * overlaps one given before ({@code x} and {@code x/1}: one a prefix of the other) is an
     * {@link IllegalArgumentException} naming the addresses, as {@link #merge} does.
     */
    public static final class Builder {
        private final TreeMap<Address, Var> entries = new TreeMap<>();

        private Builder() {}

        /** Adds {@code value} at {@code address}. */
        public Builder put(Address address, Var value) {
            if (address == null) {
                throw new IllegalArgumentException("choice map: null address (for the value " + value + ")");
            }
            if (value == null) {
                throw new IllegalArgumentException("choice map: the value at '" + address + "' is null; give a Var or an INDArray");
            }
            Address other = clash(entries, address);
            if (address.equals(other)) {
                throw new IllegalArgumentException("choice map: address '" + address + "' given twice");
            }
            if (other != null) {
                Address leaf = other.isPrefixOf(address) ? other : address;
                throw new IllegalArgumentException("choice map: '" + other + "' and '" + address + "' overlap: a value at '"
                        + leaf + "' makes it a leaf, so no address can lie below it; give either '" + leaf
                        + "' or addresses under '" + leaf + "/...'");
            }
            entries.put(address, value);
            return this;
        }

        /** Adds {@code value} at the parsed {@code address}. */
        public Builder put(String address, Var value) {
            return put(Address.parse(address), value);
        }

        /** Adds a constant tensor at the parsed {@code address}. */
        public Builder put(String address, INDArray value) {
            Address a = Address.parse(address);
            if (value == null) {
                throw new IllegalArgumentException("choice map: the value at '" + a + "' is null; give a Var or an INDArray");
            }
            return put(a, Var.constant(value));
        }

        /** The immutable map. */
        public ChoiceMap build() {
            return new ChoiceMap(new TreeMap<>(entries));
        }
    }
}
