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
        return of(address, Var.constant(value));
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value at {@code address}; throws naming the address (and the known ones) if absent. */
    public Var get(Address address) {
        Var v = entries.get(address);
        if (v == null) {
            throw new IllegalArgumentException("no choice at address '" + address + "'; choices: " + entries.keySet());
        }
        return v;
    }

    /** The value at the parsed {@code address}. */
    public Var get(String address) {
        return get(Address.parse(address));
    }

    /** Whether a value is stored exactly at {@code address}. */
    public boolean has(Address address) {
        return entries.containsKey(address);
    }

    /** Whether a value is stored exactly at the parsed {@code address}. */
    public boolean has(String address) {
        return has(Address.parse(address));
    }

    /** The choices below {@code prefix}, with the prefix removed from their addresses. */
    public ChoiceMap submap(Address prefix) {
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
        TreeMap<Address, Var> out = new TreeMap<>();
        entries.forEach((k, v) -> out.put(prefix.then(k), v));
        return new ChoiceMap(out);
    }

    /**
     * The union of both maps. An address present in both, or an address of one that is a
     * prefix of an address of the other, is a conflict: {@link IllegalArgumentException} naming it.
     */
    public ChoiceMap merge(ChoiceMap other) {
        TreeMap<Address, Var> out = new TreeMap<>(entries);
        for (Map.Entry<Address, Var> e : other.entries.entrySet()) {
            Address a = e.getKey();
            if (out.containsKey(a)) {
                throw new IllegalArgumentException("merge: both choice maps have a value at '" + a + "'");
            }
            for (Address mine : entries.keySet()) {
                if (mine.isPrefixOf(a) || a.isPrefixOf(mine)) {
                    throw new IllegalArgumentException("merge: '" + mine + "' and '" + a + "' overlap (one is a prefix of the other)");
                }
            }
            out.put(a, e.getValue());
        }
        return new ChoiceMap(out);
    }

    /**
     * The same addresses with every value replaced by {@code f(value)}; e.g.
     * {@code choices.mapValues(Var::stopGradient)} keeps the values and cuts their gradient paths,
     * as the sticking-the-landing and doubly reparameterized estimators need.
     */
    public ChoiceMap mapValues(UnaryOperator<Var> f) {
        TreeMap<Address, Var> out = new TreeMap<>();
        entries.forEach((k, v) -> out.put(k, f.apply(v)));
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

    /** Accumulates choices; duplicate addresses are an error naming the address. */
    public static final class Builder {
        private final TreeMap<Address, Var> entries = new TreeMap<>();

        private Builder() {}

        /** Adds {@code value} at {@code address}. */
        public Builder put(Address address, Var value) {
            if (entries.containsKey(address)) {
                throw new IllegalArgumentException("choice map: address '" + address + "' given twice");
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
            return put(address, Var.constant(value));
        }

        /** The immutable map. */
        public ChoiceMap build() {
            return new ChoiceMap(new TreeMap<>(entries));
        }
    }
}
