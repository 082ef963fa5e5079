package dev.ppl.dist.badinput;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values passed to {@code logDensity} and {@code logDensitySum} of every family
 * ({@link ValueTable}, {@link ValueSpec#cases}): a null value and a value of the wrong shape in
 * either mode (including event axes that enlarge the event, {@link StructureCases#values}), NaN,
 * \(\pm\infty\) and out-of-support values under strict validation. Each is an
 * {@link IllegalArgumentException} naming the family, the element and value or both shapes.
 */
class BadValuesTest {
    static Stream<BadInput> badValues() {
        return Stream.concat(ValueTable.specs().stream().flatMap(s -> s.cases().stream()), StructureCases.values().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreRejectedNamingTheFamilyValueAndShape(BadInput c) {
        c.assertRejected();
    }
}
