package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short {@code air} runs through the command line: every estimator trains, improves and writes its PNGs. */
class AirCommandTest {
    @TempDir
    Path dir;

    /**
     * Every estimator, 3 epochs of 4 batches of 16 scenes: the held-out ELBO is finite after every
     * epoch and higher after the last than after the first, and each estimator's boxes and
     * reconstructions and the common curves are written.
     */
    @Test
    void everyEstimatorTrainsImprovesAndWritesItsPngs() throws IOException {
        Path out = dir.resolve("air");
        String estimators = "enum,enum-parallel,mvd,reinforce,reinforce-baseline,hybrid,rws";
        CommandsTest.Outcome o = CommandsTest.run("air", "--estimator", estimators, "--epochs", "3", "--train-limit", "64",
                "--test-limit", "32", "--batch-size", "16", "--lr", "3e-3", "--no-progress", "--out", out.toString());
        assertEquals(0, o.code(), o.err() + o.out());
        List<Double> elbos = EndToEndTest.epochTestElbos(o.out());
        assertEquals(21, elbos.size(), o.out());
        for (int e = 0; e < 7; e++) {
            List<Double> run = elbos.subList(3 * e, 3 * e + 3);
            assertTrue(run.stream().allMatch(Double::isFinite), o.out());
            assertTrue(run.get(2) > run.get(0), estimators.split(",")[e] + ": held-out ELBO per epoch " + run + "\n" + o.out());
        }
        for (String e : estimators.split(",")) {
            EndToEndTest.assertPng(out.resolve(e).resolve("boxes.png"));
            EndToEndTest.assertPng(out.resolve(e).resolve("reconstructions.png"));
        }
        EndToEndTest.assertPng(out.resolve("count-accuracy.png"));
        EndToEndTest.assertPng(out.resolve("elbo.png"));
        assertTrue(o.out().contains("count accuracy: train"), o.out());
    }

    @Test
    void helpListsTheEstimatorsAndBadValuesAreOneLineErrors() {
        CommandsTest.Outcome help = CommandsTest.run("air", "--help");
        assertEquals(0, help.code());
        for (String e : new String[] {"enum", "enum-parallel", "mvd", "reinforce", "reinforce-baseline", "hybrid", "rws", "--z-pres-anneal-to"}) {
            assertTrue(help.out().contains(e), help.out());
        }
        CommandsTest.assertOneLineError(CommandsTest.run("air", "--estimator", "enum,foo"), 2, "unknown AIR estimator 'foo'");
        CommandsTest.assertOneLineError(CommandsTest.run("air", "--z-pres-prior", "1.5"), 2, "--z-pres-prior must be in (0, 1)");
        CommandsTest.assertOneLineError(CommandsTest.run("air", "--estimator", "mvd,mvd"), 2, "mvd is named twice");
        CommandsTest.assertOneLineError(CommandsTest.run("air", "--z-pres-anneal-to", "0.01"), 2,
                "--z-pres-anneal-to and --z-pres-anneal-steps go together");
        CommandsTest.assertOneLineError(CommandsTest.run("air", "--z-pres-anneal-to", "0", "--z-pres-anneal-steps", "5"), 2,
                "--z-pres-anneal-to must be in (0, 1), got 0.0");
    }

    /** Annealing: the prior after the last epoch is the schedule's end, and before it the geometric interpolation. */
    @Test
    void theAnnealedPriorReachesItsEnd() {
        CommandsTest.Outcome o = CommandsTest.run("air", "--estimator", "reinforce", "--epochs", "2", "--train-limit", "64",
                "--test-limit", "16", "--batch-size", "16", "--z-pres-prior", "0.5", "--z-pres-anneal-to", "0.005",
                "--z-pres-anneal-steps", "8", "--no-progress", "--out", dir.resolve("anneal").toString());
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("annealed 0.5 -> 0.005 over 8 steps"), o.out());
        // 4 steps per epoch: after epoch 1 the last step run was step 3, after epoch 2 step 7
        assertTrue(o.out().contains(String.format("z_pres prior now %.4g", 0.5 * Math.pow(0.01, 3.0 / 8))), o.out());
        assertTrue(o.out().contains(String.format("z_pres prior now %.4g", 0.5 * Math.pow(0.01, 7.0 / 8))), o.out());
    }
}
