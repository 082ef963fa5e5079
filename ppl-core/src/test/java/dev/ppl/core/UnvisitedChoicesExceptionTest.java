package dev.ppl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Unvisited given choices are reported all together, under their full addresses, with suggestions. */
class UnvisitedChoicesExceptionTest {
    static Var c(double v) {
        return Var.constant(Nd4j.scalar(v));
    }

    static final GenerativeFunction<Var, Var> INNER = Gen.fn("inner", (ctx, z) -> ctx.sample("w", Normal.of(z, c(1))));
    static final GenerativeFunction<Void, Var> MODEL = Gen.fn("model", (ctx, a) -> {
        Var z = ctx.sample("z", Normal.of(c(0), c(1)));
        return ctx.sample("y", Normal.of(ctx.call("sub", INNER, z), c(0.5)));
    });

    @Test
    void generateListsEveryMistypedObservationWithTheOneMeant() {
        ChoiceMap typos = ChoiceMap.builder().put("Y", c(1)).put("zz", c(0)).build();
        UnvisitedChoicesException e = assertThrows(UnvisitedChoicesException.class,
                () -> MODEL.generate(Rng.of(1), typos, null));
        assertEquals(List.of(Address.parse("Y"), Address.parse("zz")), e.unvisited().addresses());
        assertTrue(e.getMessage().startsWith("model.generate: constraints at addresses the function never visits: [Y, zz]")
                && e.getMessage().contains("'Y': did you mean 'y'?") && e.getMessage().contains("'zz': did you mean 'z'?"),
                e.getMessage());
    }

    @Test
    void assessReportsTheCalleesUnvisitedChoicesTogetherWithItsOwn() {
        ChoiceMap all = MODEL.simulate(Rng.of(2), null).choices();
        ChoiceMap extra = all.merge(ChoiceMap.builder().put("sub/W", c(0)).put("q", c(0)).build());
        UnvisitedChoicesException e = assertThrows(UnvisitedChoicesException.class, () -> MODEL.assess(extra, null));
        assertEquals(List.of(Address.parse("q"), Address.parse("sub/W")), e.unvisited().addresses());
        assertTrue(e.getMessage().contains("'sub/W': did you mean 'sub/w'?"), e.getMessage());
    }

    @Test
    void assessReportsAMistypedChoiceWithTheMissingOneItWasMeantToBe() {
        ChoiceMap all = MODEL.simulate(Rng.of(3), null).choices();
        ChoiceMap typo = all.filter(Selection.of("y").complement()).merge(ChoiceMap.of("Y", c(0.5)));
        MissingChoicesException e = assertThrows(MissingChoicesException.class, () -> MODEL.assess(typo, null));
        assertEquals(List.of(Address.parse("y")), e.missing());
        assertEquals(List.of(Address.parse("Y")), e.unvisited().addresses());
        assertTrue(e.getMessage().contains("missing: [y]") && e.getMessage().contains("'Y': did you mean 'y'?"), e.getMessage());
    }

    @Test
    void withinReportsACalleesFindingsUnderTheCallersAddress() {
        Unvisited u = Unvisited.builder().unknown(Address.parse("W")).visited(List.of(Address.parse("w"))).build();
        UnvisitedChoicesException inner = new UnvisitedChoicesException("inner.generate", "constraints", u, null);
        UnvisitedChoicesException outer = inner.within("model.generate", Address.parse("sub"));
        assertEquals(List.of(Address.parse("sub/W")), outer.unvisited().addresses());
        assertTrue(outer.getMessage().startsWith("model.generate, in the call at 'sub': constraints at addresses the "
                + "function never visits: [sub/W]; 'sub/W': did you mean 'sub/w'?"), outer.getMessage());
        assertEquals(inner, outer.getCause());
    }
}
