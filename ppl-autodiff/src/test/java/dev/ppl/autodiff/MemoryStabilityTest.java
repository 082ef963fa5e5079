package dev.ppl.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ppl.autodiff.nn.Activation;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Resident memory stays flat over 20,000 training steps: graphs and their off-heap arrays are
 * released after each step, with and without an {@link Arena}.
 */
class MemoryStabilityTest {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long ALLOWED_GROWTH_MB = 64;

    private static long residentMb() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line in " + STATUS);
    }

    private static void trainAndCheck(boolean useArena, int steps) throws IOException {
        assumeTrue(Files.isReadable(STATUS), "needs /proc/self/status (Linux)");
        Params.Builder b = Params.builder(DataType.FLOAT, 3);
        Mlp mlp = Mlp.create(b, "mlp", new int[] {64, 128, 8}, Activation.RELU, Activation.IDENTITY);
        Params p = b.build();
        Adam adam = new Adam(1e-3);
        Var x = Var.constant(TestArrays.normal(1, 32, 64).castTo(DataType.FLOAT));
        Var t = Var.constant(TestArrays.normal(2, 32, 8).castTo(DataType.FLOAT));
        long baseline = 0;
        long peak = 0;
        for (int i = 0; i < steps; i++) {
            if (useArena) {
                try (Arena a = Arena.open("memory-test")) {
                    p.setGrads(Grad.grad(mlp.apply(p, x).sub(t).square().mean(), p.vars()));
                }
            } else {
                p.setGrads(Grad.grad(mlp.apply(p, x).sub(t).square().mean(), p.vars()));
            }
            adam.step(p);
            if (i == steps / 10) {
                baseline = residentMb();
            } else if (i > steps / 10 && i % 1000 == 0) {
                peak = Math.max(peak, residentMb());
            }
        }
        peak = Math.max(peak, residentMb());
        long growth = peak - baseline;
        System.out.printf("MemoryStabilityTest (%s arena, %d steps): resident %d MB after %d steps, peak %d MB after%n",
                useArena ? "with" : "without", steps, baseline, steps / 10, peak);
        assertTrue(growth < ALLOWED_GROWTH_MB, "resident memory grew by " + growth + " MB (from " + baseline
                + " MB after " + steps / 10 + " steps to a peak of " + peak + " MB)");
    }

    @Test
    void twentyThousandStepsWithoutAnArenaKeepResidentMemoryFlat() throws IOException {
        trainAndCheck(false, 20_000);
    }

    @Test
    void stepsInsideAnArenaKeepResidentMemoryFlat() throws IOException {
        trainAndCheck(true, 5_000);
    }
}
