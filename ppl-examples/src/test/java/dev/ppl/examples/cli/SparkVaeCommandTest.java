package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vae --spark MASTER}: usage errors, and a short local[2] run against the single-process run. */
class SparkVaeCommandTest {
    private static final Pattern FINAL = Pattern.compile("(?m)^test ELBO: (-?[0-9.]+) nats$");

    @TempDir
    Path dir;

    @Test
    void anUnknownMasterUrlIsAUsageErrorNamingIt() {
        CommandsTest.assertOneLineError(CommandsTest.run("vae", "--spark", "lokal[2]"), Commands.USAGE,
                "--spark: unknown Spark master URL 'lokal[2]'");
    }

    @Test
    void sparkTrainsTheElboOnly() {
        CommandsTest.assertOneLineError(CommandsTest.run("vae", "--spark", "local[2]", "--objective", "iwelbo:3"),
                Commands.USAGE, "--spark trains the ELBO only");
    }

    /**
     * 80 steps (4 epochs of 20 batches of 50) of a 784-64-2 VAE, single-process and on
     * {@code local[2]} with the same seed, minibatches and initial weights (the noise differs: keys
     * per partition). Measured: single-process -203.06, -203.19, -205.48 nats for seeds 3, 4, 5
     * (sd 1.4), Spark -201.49 for seed 3; a Spark-minus-single difference between independent
     * noise has sd about 1.4 x sqrt 2 = 2 nats, so 8 nats (4 sd) is within noise, while an
     * untrained model is near -540 and one epoch gives about -290.
     */
    @Test
    void aLocalSparkRunReachesTheSingleProcessTestElbo() {
        String[] common = {"vae", "--train-limit", "1000", "--test-limit", "200", "--batch-size", "50", "--hidden", "64",
                "--latent", "2", "--lr", "3e-3", "--seed", "3", "--epochs", "4", "--no-progress"};
        CommandsTest.Outcome single = CommandsTest.run(concat(common, "--out", dir.resolve("single").toString()));
        assertEquals(0, single.code(), single.err() + single.out());
        CommandsTest.Outcome spark = CommandsTest.run(concat(common, "--out", dir.resolve("spark").toString(), "--spark", "local[2]"));
        assertEquals(0, spark.code(), spark.err() + spark.out());
        assertTrue(spark.out().contains("spark: master local[2], 2 partitions [500, 500]"), spark.out());
        double a = finalElbo(single.out()), b = finalElbo(spark.out());
        assertTrue(Math.abs(a - b) <= 8, "single-process " + a + " vs Spark " + b);
    }

    private static double finalElbo(String out) {
        Matcher m = FINAL.matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
