package dev.ppl.autodiff.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.io.Checkpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveFitDemoTest {
    @Test
    void demoFitsTheCurveDownToNearTheNoiseFloorAndWritesACheckpoint(@TempDir Path dir) {
        Path ckpt = dir.resolve("demo.ckpt");
        // the target's variance is about 0.5; the noise floor is 0.01
        double loss = CurveFitDemo.run(600, 1, ckpt, false);
        assertTrue(loss < 0.05, "final mse " + loss);
        assertTrue(Checkpoint.load(ckpt).params().containsKey("net/0/w"));
    }
}
