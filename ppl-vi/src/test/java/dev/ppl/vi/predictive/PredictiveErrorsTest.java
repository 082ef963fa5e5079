package dev.ppl.vi.predictive;

import static dev.ppl.vi.predictive.ConjugateNormal.MODEL;
import static dev.ppl.vi.predictive.ConjugateNormal.POSTERIOR;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Gen;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Selection;
import dev.ppl.dist.Rng;
import dev.ppl.dist.continuous.Normal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input to {@link Predictive} is an error naming the address, the shapes and the remedy. */
class PredictiveErrorsTest {
    static void assertMessage(Executable bad, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void fewerThanOneSampleIsAnError() {
        assertMessage(() -> Predictive.fromGuide(MODEL, POSTERIOR).numSamples(0), "N >= 1", "0");
        assertMessage(() -> Predictive.fromGuide(MODEL, POSTERIOR).sample(Rng.of(1), null), "numSamples");
        assertMessage(() -> Predictive.fromSamples(MODEL, ChoiceMap.of("mu", Nd4j.zeros(0))), "no sample");
    }

    @Test
    void inconsistentLeadingDimsOfTheSamplesAreAnError() {
        GenerativeFunction<Void, Var> two = Gen.fn("two", (ctx, a) -> {
            ctx.sample("a", Normal.of(0.0, 1.0));
            return ctx.sample("b", Normal.of(0.0, 1.0));
        });
        ChoiceMap bad = ChoiceMap.builder().put("a", Nd4j.zeros(5)).put("b", Nd4j.zeros(4)).build();
        assertMessage(() -> Predictive.fromSamples(two, bad), "inconsistent", "a [5]", "b [4]");
        assertMessage(() -> Predictive.fromSamples(two, ChoiceMap.of("a", Nd4j.scalar(1.0))), "'a'", "scalar");
        assertMessage(() -> Predictive.fromSamples(two, ChoiceMap.of("a", Nd4j.zeros(5))).numSamples(6), "numSamples(6)", "5");
    }

    @Test
    void aReturnedSiteSelectionNamingNoSiteIsAnError() {
        assertMessage(() -> Predictive.fromGuide(MODEL, POSTERIOR).numSamples(3).returnSites("muu").sample(Rng.of(2), null),
                "'muu'", "did you mean 'mu'", "conjugate");
        assertMessage(() -> Predictive.fromGuide(MODEL, POSTERIOR).numSamples(3).returnSites(Selection.of("z"))
                .sample(Rng.of(2), null), "matches no choice", "[mu, y]");
    }

    @Test
    void samplesOrGuideChoicesAtAnAddressTheModelLacksAreAnError() {
        assertMessage(() -> Predictive.fromSamples(MODEL, ChoiceMap.of("sigma", Nd4j.zeros(4))).sample(Rng.of(3), null),
                "'sigma'", "no choice", "[mu, y]");
        assertMessage(() -> Predictive.fromSamples(MODEL, ChoiceMap.of("mu", Nd4j.zeros(4, 2))).sample(Rng.of(3), null),
                "'mu'", "[4, 2]", "shape []", "[N]");
        GenerativeFunction<Void, Var> extra = Gen.fn("extra", (ctx, a) -> {
            ctx.sample("aux", Normal.of(0.0, 1.0));
            return ctx.sample("mu", Normal.of(0.0, 1.0));
        });
        assertMessage(() -> Predictive.fromGuide(MODEL, extra).numSamples(3).sample(Rng.of(4), null), "'aux'", "extra",
                "conjugate");
    }
}
