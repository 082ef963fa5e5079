package dev.ppl.examples.air;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Trace;
import dev.ppl.dist.Rng;
import dev.ppl.vi.objectives.VariationalProblem;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The AIR model's structure on a tiny instance: masking, the presence chain, parsing and misuse. */
class AirModelTest {
    private static final int N = 6;
    private static final AirConfig TINY = AirConfig.tiny(8, 4, 3);

    private static INDArray scenes() {
        return Rng.of(4).uniform(DataType.FLOAT, N, 64);
    }

    private static INDArray column(float... v) {
        return Nd4j.createFromArray(v);
    }

    /** A full choice map for the model: presence {@code pres[t]} for every scene, where and what from {@code key}. */
    private static ChoiceMap choices(INDArray x, float[] pres, Rng key) {
        return choices(x, pres, key, key);
    }

    /** As above, the where and what of present steps from {@code present}, of absent ones from {@code absent}. */
    private static ChoiceMap choices(INDArray x, float[] pres, Rng present, Rng absent) {
        ChoiceMap.Builder b = ChoiceMap.builder().put("x", x);
        for (int t = 0; t < pres.length; t++) {
            Rng key = pres[t] == 1 ? present : absent;
            float[] p = new float[N];
            java.util.Arrays.fill(p, pres[t]);
            b.put(AirModel.presenceAddress(t), column(p));
            b.put("z_where_" + t, key.fold(t).normal(DataType.FLOAT, N, 3).addi(Nd4j.createFromArray(3f, 0f, 0f)));
            b.put("z_what_" + t, key.fold(10 + t).normal(DataType.FLOAT, N, TINY.what()));
        }
        return b.build();
    }

    @Test
    void theWhereAndWhatOfAbsentStepsDoNotChangeTheModelsDensity() {
        AirModel model = new AirModel(TINY, 1);
        VariationalProblem<INDArray> p = model.problem(N);
        INDArray x = scenes();
        float[] pres = {1, 0, 0};
        double a = p.model().assess(choices(x, pres, Rng.of(1)), x).logDensity().item();
        double b = p.model().assess(choices(x, pres, Rng.of(1), Rng.of(2)), x).logDensity().item();
        assertEquals(a, b, 1e-3 * Math.abs(a), "steps 1 and 2 are absent: their where and what are masked out");
        double c = p.model().assess(choices(x, new float[] {1, 1, 0}, Rng.of(1)), x).logDensity().item();
        assertNotEquals(a, c, "a present step's choices count");
    }

    @Test
    void aStepAfterAnAbsentOneIsAbsentWhateverItDraws() {
        AirModel model = new AirModel(TINY, 1);
        VariationalProblem<INDArray> p = model.problem(N);
        INDArray x = scenes();
        // z_pres = (0, 1, 1): the later ones have probability 1e-4 and change nothing in the image
        double drawn = p.model().assess(choices(x, new float[] {0, 1, 1}, Rng.of(1)), x).logDensity().item();
        double none = p.model().assess(choices(x, new float[] {0, 0, 0}, Rng.of(1)), x).logDensity().item();
        double floor = Math.log(TINY.presenceFloor()) - Math.log1p(-TINY.presenceFloor());
        // each scene: log(eps) - log(1 - eps) per step that drew 1 (steps 1 and 2); the likelihood is unchanged
        assertEquals(none + 2 * N * floor, drawn, 1e-3 * Math.abs(none));
    }

    @Test
    void parsesArePresenceChainsAndReconstructionsAreImages() {
        AirModel model = new AirModel(TINY, 2);
        INDArray x = scenes();
        Parse parse = model.parse(x);
        assertEquals(N, parse.presence().size(0));
        for (int i = 0; i < N; i++) {
            for (int t = 1; t < TINY.steps(); t++) {
                assertTrue(parse.presence().getDouble(i, t) <= parse.presence().getDouble(i, t - 1), "scene " + i);
            }
        }
        int[] counts = parse.counts();
        assertEquals(N, counts.length);
        INDArray recon = model.reconstruct(parse);
        assertEquals(64, recon.size(1));
        assertTrue(recon.minNumber().doubleValue() >= 0, "objects are sums of sigmoids");
        Trace<INDArray, ?> guide = model.problem(N).guide().simulate(Rng.of(3), x);
        assertTrue(guide.choices().get(AirModel.presenceAddress(0)) != null);
    }

    @Test
    void misuseIsAnErrorNamingWhatIsWrong() {
        AirModel plain = new AirModel(TINY, 1);
        IllegalStateException noNetwork = assertThrows(IllegalStateException.class, () -> plain.computeBaselines(true));
        assertTrue(noNetwork.getMessage().contains("no baseline network"), noNetwork.getMessage());
        AirModel withBaseline = new AirModel(TINY, 1, true);
        IllegalStateException noValues = assertThrows(IllegalStateException.class, () -> withBaseline.baseline(0));
        assertTrue(noValues.getMessage().contains("computeBaselines(true)"), noValues.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> plain.problem(N).guide().simulate(Rng.of(1), Nd4j.zeros(DataType.FLOAT, N, 10)));
        assertTrue(shape.getMessage().contains("[6, 64]") && shape.getMessage().contains("[6, 10]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plain.setPresencePrior(1.0));
        assertThrows(IllegalArgumentException.class, () -> AirEstimator.of("enumerate"));
    }
}
