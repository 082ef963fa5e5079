package dev.ppl.core.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.combinators.MapCombinator;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Validation;
import dev.ppl.dist.continuous.Normal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bad-input suite of the Generative Function Interface: every operation that takes given
 * choices, traces or selections, on every kind of generative function ({@link Subject#all}), with
 * every kind of malformed input ({@link Malformed}), raises the documented exception, whose
 * message names the function and operation, the address and the value or shape at fault. Bad
 * input must never give a number.
 */
class BadInputTest {
    static Stream<Arguments> givenChoices() {
        List<Arguments> out = new ArrayList<>();
        for (Subject s : Subject.all()) {
            for (Op op : Op.values()) {
                for (Malformed bad : Malformed.values()) {
                    out.add(Arguments.of(s, op, bad));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} of {0} with {2}")
    @MethodSource("givenChoices")
    void malformedGivenChoicesAreAnErrorNamingTheAddressAndTheValue(Subject s, Op op, Malformed bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (Validation strict = bad.strict() ? Validation.strict() : null) {
                op.run(s, bad.given(s), bad.replaces(s));
            }
        });
        String m = e.getMessage();
        assertEquals(bad.expected(op), e.getClass(), m);
        String where = e instanceof MissingChoicesException ? s.f().name() + ": assess" : s.f().name() + "." + op.label();
        assertTrue(m.startsWith(where), "names the function and operation: " + m);
        for (String n : bad.named(s)) {
            assertTrue(m.contains(n), "names " + n + ": " + m);
        }
        assertTrue(!bad.namesLeaf() || namesAddress(m, s.leaf()), "names " + s.leaf() + ": " + m);
        if (bad == Malformed.UNKNOWN) {
            assertFalse(m.contains("did you mean"), "suggests nothing for an address nothing resembles: " + m);
        }
    }

    static Stream<Arguments> traceOps() {
        return Subject.all().stream().flatMap(s -> Stream.of(Arguments.of(s, "update"), Arguments.of(s, "regenerate")));
    }

    @ParameterizedTest(name = "{1} of {0} with a trace of another function")
    @MethodSource("traceOps")
    void aTraceOfAnotherFunctionIsAnErrorNamingBoth(Subject s, String op) {
        Trace<Object, Object> other = s.other().simulate(Rng.of(5), s.args());
        String m = assertExactly(IllegalArgumentException.class, () -> runOnTrace(s, op, other, Selection.none()));
        assertTrue(m.startsWith(s.f().name() + "." + op) && m.contains(s.other().name()), m);
    }

    @ParameterizedTest(name = "{1} of {0} with a null trace or selection")
    @MethodSource("traceOps")
    void aNullTraceOrSelectionIsAnErrorNamingTheOperation(Subject s, String op) {
        String m = assertExactly(IllegalArgumentException.class, () -> runOnTrace(s, op, null, Selection.none()));
        assertTrue(m.startsWith(s.f().name() + "." + op) && m.contains("null"), m);
        if (op.equals("regenerate")) {
            Trace<Object, Object> t = s.f().simulate(Rng.of(6), s.args());
            m = assertExactly(IllegalArgumentException.class, () -> runOnTrace(s, op, t, null));
            assertTrue(m.startsWith(s.f().name() + ".regenerate") && m.contains("selection is null"), m);
        }
    }

    private static void runOnTrace(Subject s, String op, Trace<Object, Object> t, Selection selection) {
        if (op.equals("update")) {
            s.f().update(Rng.of(7), t, ChoiceMap.empty(), s.args());
        } else {
            s.f().regenerate(Rng.of(7), t, selection, s.args());
        }
    }

    /** A function that visits {@code a}, and, when its argument says so, {@code a} again or {@code a/b} below it. */
    static GenerativeFunction<Boolean, Var> revisiting(String name, String second) {
        return Gen.fn(name, (ctx, again) -> {
            Var a = ctx.sample("a", Normal.of(Subject.c(0), Subject.c(1)));
            return again ? ctx.sample(second, Normal.of(a, Subject.c(1))) : a;
        });
    }

    static Stream<Arguments> revisits() {
        GenerativeFunction<Boolean, Var> twice = revisiting("twice", "a");
        List<Arguments> out = new ArrayList<>();
        for (String op : List.of("simulate", "generate", "assess", "update", "regenerate")) {
            out.add(Arguments.of(twice, false, true, "a", op));
            out.add(Arguments.of(revisiting("below", "a/b"), false, true, "a/b", op));
            out.add(Arguments.of(MapCombinator.of(twice), List.of(false), List.of(true), "0/a", op));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{4} of {0} visiting {3} again")
    @MethodSource("revisits")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anAddressVisitedTwiceIsAnErrorNamingIt(GenerativeFunction f, Object once, Object twice, String address, String op) {
        Trace t = f.simulate(Rng.of(8), once);
        ChoiceMap given = t.choices();
        Executable run = switch (op) {
            case "simulate" -> () -> f.simulate(Rng.of(9), twice);
            case "generate" -> () -> f.generate(Rng.of(9), given, twice);
            case "assess" -> () -> f.assess(given, twice);
            case "update" -> () -> f.update(Rng.of(9), t, ChoiceMap.empty(), twice);
            default -> () -> f.regenerate(Rng.of(9), t, Selection.all(), twice);
        };
        String m = assertExactly(IllegalArgumentException.class, run);
        assertTrue(m.startsWith(f.name() + "." + op) && namesAddress(m, Address.parse(address))
                && (m.contains("twice") || m.contains("overlaps")), m);
    }

    /** {@code x ~ N(0, 1)} with batch shape {@code [n]}: new arguments change the shape of its choice. */
    static final GenerativeFunction<Integer, Var> SIZED = Gen.fn("sized", (ctx, n) ->
            ctx.sample("x", Normal.of(Var.constant(Nd4j.zeros(DataType.DOUBLE, n)), Subject.c(1))));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"update", "regenerate"})
    void aKeptValueOfAnotherShapeUnderNewArgumentsIsAnErrorNamingBothShapes(String op) {
        Trace<Integer, Var> t = SIZED.simulate(Rng.of(10), 2);
        Executable run = op.equals("update") ? () -> SIZED.update(Rng.of(11), t, ChoiceMap.empty(), 3)
                : () -> SIZED.regenerate(Rng.of(11), t, Selection.none(), 3);
        String m = assertExactly(IllegalArgumentException.class, run);
        assertTrue(m.startsWith("sized." + op) && m.contains("'x'") && m.contains("[2]") && m.contains("[3]"), m);
    }

    private static String assertExactly(Class<? extends Throwable> type, Executable run) {
        Throwable e = assertThrows(Throwable.class, run);
        assertEquals(type, e.getClass(), e.toString());
        return e.getMessage();
    }

    /**
     * Whether {@code m} names {@code a}: quoted whole ({@code 'sub/w'}), or, where a caller
     * prefixed a callee's message, its leading parts quoted and then the rest ({@code 'sub'} ...
     * {@code 'w'}).
     */
    static boolean namesAddress(String m, Address a) {
        if (m.contains("'" + a + "'")) {
            return true;
        }
        List<String> p = a.parts();
        for (int k = 1; k < p.size(); k++) {
            String head = String.join("/", p.subList(0, k)), rest = String.join("/", p.subList(k, p.size()));
            int at = m.indexOf("'" + head + "'");
            if (at >= 0 && namesAddress(m.substring(at + head.length() + 2), Address.parse(rest))) {
                return true;
            }
        }
        return false;
    }
}
