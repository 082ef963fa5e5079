package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line for help and for bad input. */
class CommandsTest {
    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one invocation. */
    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Commands.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    static void assertOneLineError(Outcome o, int code, String expected) {
        assertEquals(code, o.code(), o.err());
        String err = o.err().strip();
        assertFalse(err.contains("\n"), "one line expected: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace expected: " + err);
        assertTrue(err.contains(expected), "'" + err + "' should contain '" + expected + "'");
    }

    @Test
    void helpOfEveryCommandExitsWithZero() {
        for (String[] args : new String[][] {{"--help"}, {"vae", "--help"}, {"iwae", "--help"}, {"discrete", "--help"}, {"variance", "--help"}}) {
            Outcome o = run(args);
            assertEquals(0, o.code(), String.join(" ", args));
            assertTrue(o.out().contains("Usage:"), o.out());
        }
        assertTrue(run("vae", "--help").out().contains("--objective"));
        assertTrue(run("discrete", "--help").out().contains("--strategy"));
    }

    @Test
    void compareHandCodedWithAnObjectiveOtherThanTheElboIsAUsageError() {
        assertOneLineError(run("vae", "--compare-hand-coded", "--objective", "iwelbo:3"), Commands.USAGE,
                "--compare-hand-coded needs --objective elbo");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertOneLineError(run(), Commands.USAGE, "missing command");
    }

    @Test
    void nonPositiveBatchSizeIsAUsageErrorNamingTheValue() {
        assertOneLineError(run("vae", "--batch-size", "0"), Commands.USAGE, "--batch-size must be positive, got 0");
        assertOneLineError(run("iwae", "--batch-size", "-5"), Commands.USAGE, "--batch-size must be positive, got -5");
        assertOneLineError(run("vae", "--batch-size", "ten"), Commands.USAGE, "'ten' is not an int");
    }

    @Test
    void unknownObjectiveAndStrategyAreUsageErrors() {
        assertOneLineError(run("vae", "--objective", "elbow"), Commands.USAGE, "unknown objective 'elbow'");
        assertOneLineError(run("vae", "--objective", "iwelbo:0"), Commands.USAGE, "K must be at least 1");
        assertOneLineError(run("discrete", "--strategy", "magic"), Commands.USAGE, "unknown strategy 'magic'");
        assertOneLineError(run("vae", "--epochs", "0"), Commands.USAGE, "--epochs must be positive, got 0");
        assertOneLineError(run("vae", "--frobnicate"), Commands.USAGE, "Unknown option: '--frobnicate'");
    }

    @Test
    void batchLargerThanTheTrainingSetIsAUsageError() {
        assertOneLineError(run("vae", "--train-limit", "50", "--batch-size", "100", "--out", dir.toString()), Commands.USAGE,
                "--batch-size 100 exceeds the 50 training images");
    }

    @Test
    void missingDataDirectoryOrFileIsAnErrorNamingThePath() throws IOException {
        Path nowhere = dir.resolve("nowhere"), out = dir.resolve("out");
        assertOneLineError(run("vae", "--data", nowhere.toString(), "--out", out.toString()), Commands.FAILURE,
                "not a directory: " + nowhere);
        assertOneLineError(run("vae", "--data", dir.toString(), "--out", out.toString()), Commands.FAILURE,
                "missing train-images-idx3-ubyte[.gz] in " + dir);
        assertOneLineError(run("vae", "--resume", dir.resolve("none.ckpt").toString()), Commands.USAGE, "no such checkpoint file");
    }

    @Test
    void malformedDataFileIsAnErrorNamingTheFile() throws IOException {
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            Files.write(dir.resolve(name), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        assertOneLineError(run("discrete", "--data", dir.toString(), "--out", dir.resolve("out").toString()), Commands.FAILURE,
                "malformed IDX file " + dir.resolve("train-images-idx3-ubyte") + ": the magic number (bytes 0-3) is 0x01020304");
    }
}
