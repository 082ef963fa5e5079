package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code bench} command: help, option errors, and a {@code --quick} smoke run that prints the whole table. */
class BenchCommandTest {
    @Test
    void helpDescribesTheOptions() {
        CommandsTest.Outcome o = CommandsTest.run("bench", "--help");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("--quick") && o.out().contains("--batches"), o.out());
    }

    @Test
    void badBatchSizeIsAUsageError() {
        CommandsTest.Outcome o = CommandsTest.run("bench", "--batches", "0");
        assertEquals(Commands.USAGE, o.code());
        assertTrue(o.err().contains("each batch size must be in [1, 8000], got 0"), o.err());
        assertEquals(Commands.USAGE, CommandsTest.run("bench", "--reps", "0").code());
        CommandsTest.Outcome w = CommandsTest.run("bench", "--max-warmup-ms", "-1");
        assertEquals(Commands.USAGE, w.code());
        assertTrue(w.err().contains("--max-warmup-ms must be non-negative, got -1.0"), w.err());
    }

    @Test
    void quickRunPrintsRatiosAndThroughputForEveryBatchSize() {
        long t0 = System.nanoTime();
        CommandsTest.Outcome o = CommandsTest.run("bench", "--quick");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(0, o.code(), o.err());
        String out = o.out();
        assertTrue(out.contains("GEMM peak"), out);
        for (int b : new int[] {64, 128, 1000}) {
            assertTrue(out.contains(String.format("batch %4d  ratio library/hand-coded", b)), out);
        }
        assertTrue(out.contains("lib GF/s") && out.contains("hand ex/s"), out);
        assertTrue(out.contains("check at step 0"), out);
        assertTrue(out.contains("; warm-up "), out);
        assertTrue(took.toSeconds() < 30, "bench --quick took " + took);
    }
}
