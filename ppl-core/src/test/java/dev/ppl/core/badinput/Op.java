package dev.ppl.core.badinput;

import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import java.util.Locale;

/**
 * The operations of the Generative Function Interface that take given choices, run on a
 * {@link Subject}: {@code given} is the constraints of {@code generate} and {@code update}; for
 * {@code assess} it replaces the {@code replaces} address of a complete choice map (or is the
 * whole map when it is null or nothing is replaced).
 */
enum Op {
    GENERATE {
        @Override void run(Subject s, ChoiceMap given, Address replaces) {
            s.f().generate(Rng.of(1), given, s.args());
        }
    },
    ASSESS {
        @Override void run(Subject s, ChoiceMap given, Address replaces) {
            ChoiceMap all = s.f().simulate(Rng.of(2), s.args()).choices();
            ChoiceMap choices = given == null ? null
                    : replaces == null ? all.merge(given) : all.filter(Selection.of(replaces.toString()).complement()).merge(given);
            s.f().assess(choices, s.args());
        }
    },
    UPDATE {
        @Override void run(Subject s, ChoiceMap given, Address replaces) {
            Trace<Object, Object> t = s.f().simulate(Rng.of(3), s.args());
            s.f().update(Rng.of(4), t, given, s.args());
        }
    };

    /** Runs the operation on {@code s} with the malformed input. */
    abstract void run(Subject s, ChoiceMap given, Address replaces);

    /** The name messages use: {@code generate}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
