package dev.ppl.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ppl.dist.Rng;
import dev.ppl.examples.vae.GaussianVae;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PyTorch reference's plumbing, without torch: the protocol's parsing, the skip path (no
 * script, no interpreter, an interpreter without torch), and a whole interleaved run against a
 * fake script that speaks the protocol (a shell script standing in for Python). One test runs the
 * real script where a Python with torch is installed and checks that it computes the library's
 * loss and gradient (the "same model" of the comparison); it is skipped elsewhere.
 */
class TorchReferenceTest {
    private static final Interleaved.Plan PLAN = new Interleaved.Plan(1, 0, 0, 3, 5, 4);

    @Test
    void parsesProtocolLines() {
        TorchReference.Reply r = TorchReference.parse("time steps=5 ms=12.25 note");
        assertEquals("time", r.head());
        assertEquals(12.25, r.number("ms"));
        assertEquals("5", r.fields().get("steps"));
        assertFalse(r.fields().containsKey("note"));
        TorchReference.Reply ready = TorchReference.parse("ready torch=1.13.0a0 python=/usr/bin/python3 threads=1 blas=openblas");
        assertEquals("1.13.0a0", ready.fields().get("torch"));
        assertEquals("openblas", ready.fields().get("blas"));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> r.number("loss"));
        assertTrue(missing.getMessage().contains("loss="), missing.getMessage());
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> TorchReference.parse("time ms=fast").number("ms"));
        assertTrue(bad.getMessage().contains("fast"), bad.getMessage());
    }

    @Test
    void findsTheScriptFromTheModuleDirectory() {
        Optional<Path> script = TorchReference.findScriptFrom(Paths.get("").toAbsolutePath());
        assertTrue(script.isPresent(), "no " + TorchReference.SCRIPT + " above " + Paths.get("").toAbsolutePath());
        assertTrue(script.get().endsWith(TorchReference.SCRIPT));
        assertTrue(TorchReference.findScriptFrom(Paths.get("/")).isEmpty());
    }

    @Test
    void skipsWithOneLineSayingHowToInstallTorch(@TempDir Path dir) throws IOException {
        Path noTorch = executable(dir.resolve("python-without-torch"), """
                #!/bin/sh
                echo "Traceback (most recent call last):" >&2
                echo "ModuleNotFoundError: No module named 'torch'" >&2
                exit 1
                """);
        Path script = Files.writeString(dir.resolve("vae_torch.py"), "# stand-in\n");
        TorchReference.Probe p = TorchReference.probe(List.of(dir.resolve("no-such-python").toString(), noTorch.toString()),
                Optional.of(script), Duration.ofSeconds(30));
        assertFalse(p.available());
        String line = p.skipMessage();
        assertTrue(line.startsWith("torch reference skipped: no Python with torch"), line);
        assertTrue(line.contains("no-such-python: cannot run"), line);
        assertTrue(line.contains("No module named 'torch'"), line);
        assertTrue(line.contains("apt-get install -y python3-torch"), line);
        assertFalse(line.contains("\n"), "one line: " + line);

        TorchReference.Probe noScript = TorchReference.probe(List.of(noTorch.toString()), Optional.empty(), Duration.ofSeconds(30));
        assertFalse(noScript.available());
        assertTrue(noScript.skipMessage().contains(TorchReference.SCRIPT), noScript.skipMessage());
        assertThrows(IllegalStateException.class, () -> TorchReference.start(noScript, 4, 1, Nd4j.zeros(3), Nd4j.zeros(3), Nd4j.zeros(3)));
    }

    @Test
    void interleavesWithAScriptThatSpeaksTheProtocol(@TempDir Path dir) throws IOException {
        // each step takes 2 ms and each GEMM round 1 ms by the fake's own account
        Path fake = executable(dir.resolve("fake-python"), """
                #!/bin/bash
                echo "check loss=1.5 gradnorm=2.0"
                echo "ready torch=fake threads=1 blas=openblas OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS OMP_NUM_THREADS=$OMP_NUM_THREADS"
                while read -r cmd n rest; do
                  case "$cmd" in
                    reset) echo ok ;;
                    warm) echo "warmed steps=3 ms=6.0" ;;
                    time) echo "time steps=$n ms=$((2 * n))" ;;
                    gemm) echo "gemm reps=$n ms=$n" ;;
                    quit) exit 0 ;;
                    *) echo "error unknown command $cmd" ;;
                  esac
                done
                """);
        TorchReference.Probe p = new TorchReference.Probe(fake.toString(), "fake", dir.resolve("vae_torch.py"), null);
        INDArray v = Nd4j.ones(DataType.FLOAT, 4);
        try (TorchReference t = TorchReference.start(p, 4, 1, v, v, v).awaitReady()) {
            assertEquals(1.5, t.checkLoss());
            assertEquals("2", t.settings().get("OPENBLAS_NUM_THREADS"));
            assertEquals("1", t.settings().get("OMP_NUM_THREADS"));
            int[] javaRuns = {0};
            List<Interleaved.Result> r = Interleaved.run(List.of(new Interleaved.Case("java", () -> javaRuns[0]++, () -> { }),
                    t.steps("torch"), t.gemms("torch GEMMs")), PLAN);
            assertEquals(2.0, r.get(1).median(), 1e-12);
            assertEquals(1.0, r.get(2).median(), 1e-12);
            assertEquals(3, r.get(1).msPerIter().length);
            assertTrue(javaRuns[0] > 0);
            assertNull(t.failure());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.request("bogus", "ok"));
            assertTrue(e.getMessage().contains("error unknown command bogus"), e.getMessage());
        }
    }

    @Test
    void aScriptThatDiesGivesNaNAndAReasonWhileTheOtherCasesGoOn(@TempDir Path dir) throws IOException {
        Path dying = executable(dir.resolve("dying-python"), """
                #!/bin/bash
                echo "check loss=1.0"
                echo "ready torch=fake"
                read -r cmd
                echo "Segmentation fault (pretend)" >&2
                exit 3
                """);
        TorchReference.Probe p = new TorchReference.Probe(dying.toString(), "fake", dir.resolve("vae_torch.py"), null);
        INDArray v = Nd4j.ones(DataType.FLOAT, 4);
        try (TorchReference t = TorchReference.start(p, 4, 1, v, v, v).awaitReady()) {
            List<Interleaved.Result> r = Interleaved.run(List.of(new Interleaved.Case("java", () -> { }, () -> { }),
                    t.steps("torch")), PLAN);
            assertTrue(Double.isNaN(r.get(1).msPerIter()[0]));
            assertFalse(Double.isNaN(r.get(0).median()));
            assertNotNull(t.failure());
            assertTrue(t.failure().contains("the process ended with status 3"), t.failure());
            assertTrue(t.failure().contains("Segmentation fault (pretend)"), t.failure());
        }
    }

    @Test
    void float32FilesRoundTripLittleEndian(@TempDir Path dir) throws IOException {
        INDArray a = Nd4j.createFromArray(new float[][] {{1.5f, -2f}, {3.25f, Float.MIN_VALUE}});
        Path f = dir.resolve("a.f32");
        TorchReference.writeF32(f, a.transpose());
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(16, bytes.length);
        assertEquals(0x3f, bytes[3] & 0xff); // 1.5f = 0x3fc00000, little-endian: high byte last
        float[] back = TorchReference.readF32(f);
        assertEquals(1.5f, back[0]);
        assertEquals(3.25f, back[1]); // 'c' order of the transposed view
        assertEquals(-2f, back[2]);
    }

    /** The real script, where torch is installed: the library's loss and gradient at the same weights, pixels and noise. */
    @Test
    void theTorchScriptComputesTheLibrarysLossAndGradient() throws IOException {
        TorchReference.Probe p = TorchReference.probe();
        assumeTrue(p.available(), p::skipMessage);
        int batch = 8;
        long seed = 11;
        GaussianVae vae = new GaussianVae(784, 20, 400, seed);
        LibraryVaeStep library = new LibraryVaeStep(vae, batch, 1e-3);
        INDArray x = HandCodedVaeTest.binaryPixels(batch, 3);
        Rng key = LibraryVaeStep.key(seed, 0);
        INDArray eps = LibraryVaeStep.noise(key, batch, 20);
        try (TorchReference t = TorchReference.start(p, batch, seed, library.flatParams(), x, eps).awaitReady()) {
            double loss = library.computeGradients(x, key);
            assertEquals(loss, t.checkLoss(), 1e-5 * Math.abs(loss), "loss");
            float[] g = t.checkGradient();
            float[] lib = library.flatGrads().dup().toFloatVector();
            assertEquals(lib.length, g.length);
            double scale = 0, diff = 0;
            for (int i = 0; i < lib.length; i++) {
                scale = Math.max(scale, Math.abs(lib[i]));
                diff = Math.max(diff, Math.abs(lib[i] - g[i]));
            }
            assertTrue(scale > 0);
            assertTrue(diff <= 1e-5 * scale, "gradient: max diff " + diff + " vs scale " + scale);
            assertEquals("1", t.settings().get("threads"));
            assertTrue(t.request("time 2", "time").number("ms") > 0);
        }
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
