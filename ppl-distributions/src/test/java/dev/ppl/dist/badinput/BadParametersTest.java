package dev.ppl.dist.badinput;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad parameters, for every public factory of every family ({@link ParameterTable}), and bad
 * {@code toEvent}/{@code expand} arguments and parameter structures ({@link StructureCases}): each
 * is an {@link IllegalArgumentException} whose message names the family, the parameter, the
 * offending element or value and the shape.
 */
class BadParametersTest {
    static Stream<Factory> factories() {
        return ParameterTable.factories().stream();
    }

    static Stream<BadInput> badParameters() {
        return Stream.concat(factories().flatMap(f -> f.cases().stream()),
                Stream.concat(StructureCases.structure().stream(), StructureCases.reshaping().stream()));
    }

    /** The control: the valid parameters of each row are accepted, so every rejection is the bad input's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void validParametersAreAccepted(Factory f) {
        assertDoesNotThrow(f::buildValid, f.label());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParametersAreRejectedNamingTheFamilyParameterValueAndShape(BadInput c) {
        c.assertRejected();
    }
}
