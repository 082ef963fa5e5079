package dev.ppl.core.badinput;

import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.UnvisitedChoicesException;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A malformed constraint (or choice to assess) for a {@link Subject}: the choice map given, the
 * address of the subject it takes the place of when assessing (the rest of a complete choice map
 * is kept), whether it needs strict validation, the exception it must raise, and what the
 * message must name.
 */
enum Malformed {
    /** The leaf's last part upper-cased: 'Y' for 'y'. */
    TYPO {
        @Override ChoiceMap given(Subject s) { return ChoiceMap.of(typo(s.leaf()).toString(), Nd4j.scalar(0.5)); }
        @Override List<String> named(Subject s) { return List.of("'" + typo(s.leaf()) + "'", "did you mean '" + s.leaf() + "'?"); }
    },
    /** An address nothing resembles. */
    UNKNOWN {
        @Override ChoiceMap given(Subject s) { return ChoiceMap.of("no/such", Nd4j.scalar(0.5)); }
        @Override Address replaces(Subject s) { return null; }
        @Override Class<? extends IllegalArgumentException> expected(Op op) { return UnvisitedChoicesException.class; }
        @Override List<String> named(Subject s) { return List.of("[no/such]", "never visits"); }
    },
    /** A value below a choice, which is a leaf. */
    BELOW_A_CHOICE {
        @Override ChoiceMap given(Subject s) { return ChoiceMap.of(s.leaf() + "/1", Nd4j.scalar(0.5)); }
        @Override List<String> named(Subject s) { return List.of("'" + s.leaf() + "/1'", "below the choice at '" + s.leaf() + "'"); }
    },
    /** A value at a call's address, which holds none. */
    AT_A_CALL {
        @Override ChoiceMap given(Subject s) { return ChoiceMap.of(s.call().toString(), Nd4j.scalar(0.5)); }
        @Override Address replaces(Subject s) { return s.call(); }
        @Override List<String> named(Subject s) { return List.of("'" + s.call() + "'", "address of a call"); }
    },
    /** A vector for a scalar choice. */
    WRONG_SHAPE {
        @Override ChoiceMap given(Subject s) { return ChoiceMap.of(s.leaf().toString(), Nd4j.createFromArray(1.0, 2.0, 3.0)); }
        @Override Class<? extends IllegalArgumentException> expected(Op op) { return IllegalArgumentException.class; }
        @Override List<String> named(Subject s) { return List.of("shape [3]", "has shape []"); }
        @Override boolean namesLeaf() { return true; }
    },
    /** NaN, under strict validation. */
    NAN_WHEN_STRICT {
        @Override ChoiceMap given(Subject s) { return ChoiceMap.of(s.leaf().toString(), Nd4j.scalar(Double.NaN)); }
        @Override Class<? extends IllegalArgumentException> expected(Op op) { return IllegalArgumentException.class; }
        @Override List<String> named(Subject s) { return List.of("NaN", "Normal"); }
        @Override boolean strict() { return true; }
        @Override boolean namesLeaf() { return true; }
    },
    /** Minus infinity, under strict validation. */
    INFINITE_WHEN_STRICT {
        @Override ChoiceMap given(Subject s) { return ChoiceMap.of(s.leaf().toString(), Nd4j.scalar(Double.NEGATIVE_INFINITY)); }
        @Override Class<? extends IllegalArgumentException> expected(Op op) { return IllegalArgumentException.class; }
        @Override List<String> named(Subject s) { return List.of("-Infinity", "Normal"); }
        @Override boolean strict() { return true; }
        @Override boolean namesLeaf() { return true; }
    },
    /** No map at all. */
    NULL_MAP {
        @Override ChoiceMap given(Subject s) { return null; }
        @Override Address replaces(Subject s) { return null; }
        @Override Class<? extends IllegalArgumentException> expected(Op op) { return IllegalArgumentException.class; }
        @Override List<String> named(Subject s) { return List.of("null", "ChoiceMap.empty()"); }
    };

    /** The malformed part of the input. */
    abstract ChoiceMap given(Subject s);

    /** What the message must contain, besides the function and operation. */
    abstract List<String> named(Subject s);

    /** The address of a complete choice map that {@link #given} replaces when assessing (null: none). */
    Address replaces(Subject s) {
        return s.leaf();
    }

    /** The exception {@code op} must raise: assess reports a replaced choice as missing too. */
    Class<? extends IllegalArgumentException> expected(Op op) {
        return op == Op.ASSESS ? MissingChoicesException.class : UnvisitedChoicesException.class;
    }

    /** Whether the input is malformed only under strict validation. */
    boolean strict() {
        return false;
    }

    /** Whether the message must name the leaf's address (whole, or part by part through the calls). */
    boolean namesLeaf() {
        return false;
    }

    /** {@code a} with its last part upper-cased. */
    static Address typo(Address a) {
        String[] parts = a.parts().toArray(String[]::new);
        parts[parts.length - 1] = parts[parts.length - 1].toUpperCase(Locale.ROOT);
        return Address.of(parts);
    }
}
