package dev.ppl.core.combinators;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.Unvisited;
import dev.ppl.core.UnvisitedChoicesException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the combinators share: their choice maps are indexed, the {@code i}-th kernel call's
 * choices living under the address {@code i/...} (the index written in decimal, no sign, no
 * leading zeros). Helpers for those addresses, for checking that constraints stay inside
 * {@code 0/... .. (n-1)/...} (and reporting a kernel's unvisited ones under their full
 * addresses), and for summing scores and weights.
 */
final class Indexed {
    private Indexed() {}

    /** The namespace of the {@code i}-th kernel call: {@code "i"}. */
    static Address at(int i) {
        return Address.of(Integer.toString(i));
    }

    /** The part of {@code choices} below {@code i/}, the prefix removed. */
    static ChoiceMap below(ChoiceMap choices, int i) {
        return choices.submap(at(i));
    }

    /** The part of {@code selection} below {@code i/}, the prefix removed. */
    static Selection below(Selection selection, int i) {
        Address prefix = at(i);
        return a -> selection.contains(prefix.then(a));
    }

    /**
     * The addresses of {@code choices} that no kernel call of an {@code n}-call combinator
     * visits: a head that is not a canonical index in {@code [0, n)}, or a value at {@code i}
     * itself (a call's namespace holds no value). Addresses below {@code i/} are the kernel's to
     * check.
     */
    static Unvisited findUnvisited(ChoiceMap choices, int n) {
        Unvisited.Builder found = null;
        for (Map.Entry<Address, Var> e : choices) {
            Address a = e.getKey();
            int i = index(a.head());
            boolean inRange = i >= 0 && i < n;
            if (inRange && a.hasTail()) {
                continue;
            }
            found = found != null ? found : Unvisited.builder();
            if (inRange) {
                found.atCall(a);
            } else {
                found.unknown(a);
            }
        }
        return found == null ? Unvisited.none() : found.build();
    }

    /** What an {@code n}-call combinator named {@code fn} visits, for messages. */
    static String visits(String fn, int n) {
        return "'" + fn + "' visits i/... for i in [0, " + n + ")";
    }

    /**
     * Throws {@link UnvisitedChoicesException} listing every address of {@code given} that no
     * kernel call visits ({@link #findUnvisited}); {@code where} names the function and operation.
     */
    static void checkVisited(String fn, String where, ChoiceMap given, int n) {
        if (given == null) {
            throw new IllegalArgumentException(where + ": the constraints are null; use ChoiceMap.empty() for none");
        }
        Unvisited u = findUnvisited(given, n);
        if (!u.isEmpty()) {
            throw new UnvisitedChoicesException(where, "constraints", u, visits(fn, n));
        }
    }

    /** The index written by {@code part}, or -1 if it is not a canonical non-negative int. */
    private static int index(String part) {
        try {
            int i = Integer.parseInt(part);
            return i >= 0 && Integer.toString(i).equals(part) ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The choices of every kernel call, the {@code i}-th under {@code i/}. */
    static ChoiceMap choices(List<? extends Trace<?, ?>> calls) {
        ChoiceMap.Builder b = ChoiceMap.builder();
        for (int i = 0; i < calls.size(); i++) {
            putAll(b, i, calls.get(i).choices());
        }
        return b.build();
    }

    /** Adds {@code sub} to {@code b} under {@code i/}. */
    static void putAll(ChoiceMap.Builder b, int i, ChoiceMap sub) {
        Address prefix = at(i);
        for (Map.Entry<Address, Var> e : sub) {
            b.put(prefix.then(e.getKey()), e.getValue());
        }
    }

    /** {@code acc + x} ({@code x} cast to {@code acc}'s type), or {@code x} if {@code acc} is null. */
    static Var plus(Var acc, Var x) {
        return acc == null ? x : acc.add(x.cast(acc.dtype()));
    }

    /** The sum of the calls' scores (float64 0 if there are none). */
    static Var score(List<? extends Trace<?, ?>> calls) {
        Var s = null;
        for (Trace<?, ?> t : calls) {
            s = plus(s, t.score());
        }
        return orZero(s, null);
    }

    /** {@code x}, or 0 in {@code like}'s type (float64 if {@code like} is null) if {@code x} is null. */
    static Var orZero(Var x, Var like) {
        if (x != null) {
            return x;
        }
        return Var.constant(like == null ? Nd4j.scalar(0.0) : Nd4j.scalar(like.dtype(), 0.0));
    }

    /**
     * Runs the {@code i}-th kernel call, naming the index in its errors: unvisited constraints
     * under their full addresses {@code i/...}; a missing-choices error passes unchanged (the
     * caller prefixes its addresses).
     */
    static <T> T call(String where, int i, Supplier<T> op) {
        try {
            return op.get();
        } catch (MissingChoicesException e) {
            throw e;
        } catch (UnvisitedChoicesException e) {
            throw e.within(where, at(i));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": in the call at '" + i + "' (its choices under '" + i + "/...'): "
                    + e.getMessage(), e);
        }
    }

    /** {@code e}'s missing addresses, prefixed with {@code i/}, added to {@code missing}. */
    static void addMissing(List<Address> missing, int i, MissingChoicesException e) {
        for (Address m : e.missing()) {
            missing.add(at(i).then(m));
        }
    }

    /** Throws the error of an assessment that found {@code missing} or {@code unvisited} choices, if any. */
    static void checkAssessed(String fn, int n, List<Address> missing, Unvisited unvisited) {
        if (!missing.isEmpty()) {
            throw new MissingChoicesException(fn, missing, unvisited);
        }
        if (!unvisited.isEmpty()) {
            throw new UnvisitedChoicesException(fn + ".assess", "choices", unvisited, visits(fn, n));
        }
    }
}
