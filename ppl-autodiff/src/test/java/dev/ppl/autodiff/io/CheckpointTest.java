package dev.ppl.autodiff.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Params params(DataType dtype, long seed) {
        Params.Builder b = Params.builder(dtype, seed);
        b.add("enc/w", Init.normal(1), 3, 4);
        b.add("enc/b", Init.normal(1), 4);
        b.add("scale", Init.constant(2.5));
        return b.build();
    }

    @Test
    void saveThenLoadRestoresParametersOptimizerStateAndMetadata() throws IOException {
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Params p = params(dtype, 1);
            Adam adam = new Adam(0.1);
            p.flatGrads().assign(1);
            adam.step(p);
            Path file = dir.resolve("ckpt-" + dtype + ".bin");
            Checkpoint.of(p, adam.state(), Map.of("step", "1", "rng", "abc")).save(file);

            Params q = params(dtype, 2);
            Checkpoint c = Checkpoint.load(file);
            c.restoreInto(q);
            assertEquals(p.flatValues(), q.flatValues());
            assertEquals("adam", c.optimizer().kind());
            assertEquals(1, c.optimizer().step());
            assertEquals(adam.state().buffers().get("m"), c.optimizer().buffers().get("m"));
            assertEquals(Map.of("step", "1", "rng", "abc"), c.metadata());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "temporary files left behind");
        }
    }

    @Test
    void overwritingReplacesTheFileWhole() {
        Path file = dir.resolve("ckpt.bin");
        Params p = params(DataType.FLOAT, 1);
        Checkpoint.of(p, null, Map.of("v", "1")).save(file);
        Checkpoint.of(p, null, Map.of("v", "2")).save(file);
        assertEquals("2", Checkpoint.load(file).metadata().get("v"));
    }

    @Test
    void loadingIntoDifferentParametersNamesTheDifferences() {
        Path file = dir.resolve("ckpt.bin");
        Checkpoint.of(params(DataType.FLOAT, 1), null, Map.of()).save(file);
        Params.Builder b = Params.builder(DataType.FLOAT, 1);
        b.add("enc/w", Init.zeros(), 3, 5);
        Params other = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file).restoreInto(other));
        assertTrue(e.getMessage().contains("'enc/w' has shape [3, 4], expected [3, 5]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected 'enc/b'"), e.getMessage());
    }

    @Test
    void missingFilesAndDirectoriesNameTheFileAndTheReason() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir.resolve("none.bin")));
        assertTrue(e.getMessage().contains("none.bin") && e.getMessage().contains("no such file"), e.getMessage());
        e = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }
}
