package dev.ppl.vi.predictive;

import static dev.ppl.vi.predictive.ConjugateNormal.MODEL;
import static dev.ppl.vi.predictive.ConjugateNormal.N_DATA;
import static dev.ppl.vi.predictive.ConjugateNormal.POSTERIOR;
import static dev.ppl.vi.predictive.ConjugateNormal.PRIOR;
import static dev.ppl.vi.predictive.ConjugateNormal.postMean;
import static dev.ppl.vi.predictive.ConjugateNormal.postVar;
import static dev.ppl.vi.predictive.ConjugateNormal.predictiveVar;
import static dev.ppl.vi.predictive.Moments.assertCovariance;
import static dev.ppl.vi.predictive.Moments.assertNormalMoments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.dist.Rng;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Predictive} on the conjugate normal model, from the exact posterior as guide and as samples. */
@Tag("statistical")
class PredictiveTest {
    static double[] column(ChoiceMap draws, String address, int j) {
        INDArray v = draws.get(address).value();
        return v.rank() == 1 ? v.toDoubleVector() : v.getColumn(j).toDoubleVector();
    }

    /** Checks latents and predictive draws of the conjugate model: moments, and the covariance the shared \(\mu\) gives. */
    static void assertConjugatePredictive(String what, ChoiceMap draws, int n) {
        assertArrayEquals(new long[] {n}, draws.get("mu").shape(), what + ": mu");
        assertArrayEquals(new long[] {n, N_DATA}, draws.get("y").shape(), what + ": y");
        assertNormalMoments(what + ", mu", column(draws, "mu", 0), postMean(), postVar());
        for (int i = 0; i < N_DATA; i++) {
            assertNormalMoments(what + ", y/" + i, column(draws, "y", i), postMean(), predictiveVar());
        }
        assertCovariance(what + ", y/0 and y/3", column(draws, "y", 0), column(draws, "y", 3), predictiveVar(),
                predictiveVar(), postVar());
    }

    @Test
    void guideDrawsMatchTheExactPosteriorPredictiveVectorized() {
        ChoiceMap draws = Predictive.fromGuide(MODEL, POSTERIOR).numSamples(20000).sample(Rng.of(11), null);
        assertConjugatePredictive("vectorized, guide", draws, 20000);
    }

    @Test
    void guideDrawsMatchTheExactPosteriorPredictiveInSequence() {
        ChoiceMap draws = Predictive.fromGuide(MODEL, POSTERIOR).numSamples(3000).inSequence().sample(Rng.of(12), null);
        assertConjugatePredictive("in sequence, guide", draws, 3000);
    }

    @Test
    void theCheckRejectsLatentsFromThePriorAndReusedObservations() {
        ChoiceMap prior = Predictive.fromGuide(MODEL, PRIOR).numSamples(20000).sample(Rng.of(13), null);
        assertFalse(Moments.matches(column(prior, "mu", 0), postMean(), postVar()), "latents from the prior pass as posterior");
        assertFalse(Moments.matches(column(prior, "y", 0), postMean(), predictiveVar()), "prior predictive passes as posterior");
        double[] reused = new double[20000];
        java.util.Arrays.fill(reused, ConjugateNormal.Y[0]);
        assertFalse(Moments.matches(reused, postMean(), predictiveVar()), "observed values reused pass as predictive draws");
    }

    static ChoiceMap exactPosteriorSamples(int n, long seed) {
        INDArray mu = Rng.of(seed).normal(DataType.DOUBLE, n).muli(Math.sqrt(postVar())).addi(postMean());
        return ChoiceMap.of("mu", mu);
    }

    @Test
    void posteriorSamplesGiveTheExactPosteriorPredictiveAndAreReturnedAsGiven() {
        ChoiceMap samples = exactPosteriorSamples(20000, 14);
        ChoiceMap draws = Predictive.fromSamples(MODEL, samples).sample(Rng.of(15), null);
        assertConjugatePredictive("vectorized, samples", draws, 20000);
        assertEquals(samples.get("mu").value(), draws.get("mu").value(), "the latents are the given samples");
        ChoiceMap seq = Predictive.fromSamples(MODEL, exactPosteriorSamples(3000, 16)).inSequence().sample(Rng.of(17), null);
        assertConjugatePredictive("in sequence, samples", seq, 3000);
    }

    @Test
    void returnSitesKeepsOnlyTheSelectedSites() {
        ChoiceMap draws = Predictive.fromGuide(MODEL, POSTERIOR).numSamples(10).returnSites("y").sample(Rng.of(18), null);
        assertEquals(List.of(dev.ppl.core.Address.parse("y")), draws.addresses());
        ChoiceMap one = Predictive.fromGuide(MODEL, POSTERIOR).numSamples(1).sample(Rng.of(18), null);
        assertArrayEquals(new long[] {1, N_DATA}, one.get("y").shape());
    }

    @Test
    void theSameKeyGivesTheSameDrawsAndAnotherKeyOthers() {
        for (boolean sequential : new boolean[] {false, true}) {
            Predictive<Void> p = Predictive.fromGuide(MODEL, POSTERIOR).numSamples(50);
            Predictive<Void> q = sequential ? p.inSequence() : p;
            ChoiceMap a = q.sample(Rng.of(19), null), b = q.sample(Rng.of(19), null), c = q.sample(Rng.of(20), null);
            assertEquals(a, b, "same key, in sequence " + sequential);
            assertNotEquals(a.get("y").value(), c.get("y").value(), "another key, in sequence " + sequential);
            assertNotEquals(a.get("mu").value(), c.get("mu").value(), "another key, in sequence " + sequential);
            Predictive<Void> s = Predictive.fromSamples(MODEL, exactPosteriorSamples(50, 21));
            Predictive<Void> t = sequential ? s.inSequence() : s;
            assertEquals(t.sample(Rng.of(22), null), t.sample(Rng.of(22), null), "samples, same key, in sequence " + sequential);
            assertNotEquals(t.sample(Rng.of(22), null).get("y").value(), t.sample(Rng.of(23), null).get("y").value());
        }
    }

    @Test
    void drawsAreNotTheObservations() {
        ChoiceMap draws = Predictive.fromGuide(MODEL, POSTERIOR).numSamples(100).sample(Rng.of(24), null);
        Var y = draws.get("y");
        assertNotEquals(ConjugateNormal.observed().value(), y.value().getRow(0), "observed sites are drawn anew");
    }
}
