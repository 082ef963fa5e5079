package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssm}: help, bad options (one-line errors), and a short run end to end. */
class SsmCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpDescribesTheOptions() {
        CommandsTest.Outcome o = CommandsTest.run("ssm", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--particles") && o.out().contains("--fivo-gradient"), o.out());
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        CommandsTest.assertOneLineError(CommandsTest.run("ssm", "--particles", "0"), Commands.USAGE,
                "--particles must be positive, got 0");
        CommandsTest.assertOneLineError(CommandsTest.run("ssm", "--fivo-gradient", "magic"), Commands.USAGE,
                "--fivo-gradient must be dropped or reinforce, got 'magic'");
        CommandsTest.assertOneLineError(CommandsTest.run("ssm", "--lr", "-1"), Commands.USAGE,
                "--lr must be positive and finite, got -1.0");
        CommandsTest.assertOneLineError(CommandsTest.run("ssm", "--eval-estimates", "1"), Commands.USAGE,
                "--eval-estimates must be at least 2, got 1");
    }

    @Test
    void unbiasedFivoGradientRuns() {
        CommandsTest.Outcome o = CommandsTest.run("ssm", "--sequences", "1", "--length", "5", "--particles", "2",
                "--epochs", "1", "--steps-per-epoch", "2", "--eval-estimates", "2", "--fivo-gradient", "reinforce",
                "--out", dir.resolve("reinforce").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("FIVO gradient REINFORCE"), o.out());
        assertEquals(1, epochRows(o.out()).size(), o.out());
    }

    /** Per epoch: the three training estimates and the three exact log-evidences. */
    static List<double[]> epochRows(String out) {
        List<double[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 7 && f[0].matches("\\d+")) {
                double[] v = new double[6];
                for (int i = 0; i < 6; i++) {
                    v[i] = Double.parseDouble(f[i + 1]);
                }
                rows.add(v);
            }
        }
        return rows;
    }

    @Test
    void shortRunImprovesEveryBoundAndWritesTheCharts() throws Exception {
        Path out = dir.resolve("ssm");
        CommandsTest.Outcome o = CommandsTest.run("ssm", "--sequences", "2", "--length", "8", "--particles", "3",
                "--epochs", "4", "--steps-per-epoch", "3", "--lr", "0.1", "--eval-estimates", "3", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<double[]> rows = epochRows(o.out());
        assertEquals(4, rows.size(), o.out());
        for (double[] r : rows) {
            for (double v : r) {
                assertTrue(Double.isFinite(v), o.out());
            }
        }
        double[] first = rows.get(0);
        double[] last = rows.get(rows.size() - 1);
        for (int b = 0; b < 3; b++) {
            assertTrue(last[2 * b] > first[2 * b], "bound " + b + " improves: " + first[2 * b] + " -> " + last[2 * b] + "\n" + o.out());
            assertTrue(last[2 * b + 1] > first[2 * b + 1], "log p(y) of run " + b + " improves\n" + o.out());
        }
        assertTrue(o.out().contains("| parameters | ELBO | IWELBO(3) | FIVO(3) | log p(y) |"), o.out());
        assertTrue(o.out().contains("| initial |") && o.out().contains("| trained with FIVO(3) |"), o.out());
        assertTrue(Files.size(out.resolve("bounds.png")) > 1000, "bounds.png written");
        assertTrue(Files.size(out.resolve("log-evidence.png")) > 1000, "log-evidence.png written");
    }
}
