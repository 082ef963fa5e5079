package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-flight check of outputs: what it creates, what it leaves behind, and the reasons it reports. */
class OutputCheckTest {
    @TempDir
    Path dir;

    private List<Path> contents(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void writableDirectoryIsCreatedWithItsParentsAndLeftEmpty() throws IOException {
        Path out = dir.resolve("a").resolve("b");
        OutputCheck.directory("--out", out);
        assertTrue(Files.isDirectory(out));
        assertEquals(List.of(), contents(out), "the probe file is deleted");
    }

    @Test
    void checkpointFileIsNotCreatedButItsDirectoryIs() throws IOException {
        Path ckpt = dir.resolve("runs").resolve("run.ckpt");
        OutputCheck.file("--checkpoint", ckpt);
        assertEquals(List.of(), contents(dir.resolve("runs")));
    }

    @Test
    void directoryUnderARegularFileNamesThePathAndTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputCheck.directory("--out", file.resolve("x").resolve("y")));
        assertEquals("--out " + file.resolve("x").resolve("y") + ": cannot create the directory " + file.resolve("x")
                + ": Not a directory; choose a writable location for --out", e.getMessage());
    }

    @Test
    void reasonsAreTheOperatingSystemsWordsEvenWhereJavaDropsThem() {
        assertEquals("Permission denied", OutputCheck.reason(new AccessDeniedException("/x")));
        assertEquals("No such file or directory", OutputCheck.reason(new NoSuchFileException("/x")));
        assertEquals("Read-only file system", OutputCheck.reason(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("disk on fire", OutputCheck.reason(new IOException("disk on fire")));
    }
}
