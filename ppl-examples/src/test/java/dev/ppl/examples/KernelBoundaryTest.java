package dev.ppl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel boundary holds: no main source file outside {@code ppl-autodiff} names
 * {@code dev.ppl.autodiff.kernels} (distributions, the engine, the trainer and the examples use
 * ops and public {@code Var} / {@code Params} methods), and inside {@code ppl-autodiff} only the
 * ops, the reverse pass and {@code nn} do.
 */
class KernelBoundaryTest {
    private static final String KERNELS = "dev.ppl.autodiff.kernels";

    static List<String> crossings(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .filter(f -> !allowed(root.relativize(f).toString()))
                    .filter(f -> read(f).contains(KERNELS))
                    .map(f -> root.relativize(f).toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean allowed(String path) {
        String pkg = "ppl-autodiff/src/main/java/dev/ppl/autodiff/";
        return path.startsWith(pkg + "kernels/") || path.startsWith(pkg + "ops/") || path.startsWith(pkg + "nn/")
                || path.equals(pkg + "Grad.java") || path.equals(pkg + "Var.java");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheOpsTheReversePassAndNnUseTheKernels() {
        assertEquals(List.of(), crossings(SourceTextTest.repositoryRoot()));
    }

    @Test
    void theCheckFindsAPlantedCrossing(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ppl-vi/src/main/java/dev/ppl/vi/X.java");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "import dev.ppl.autodiff.kernels.Kernels;\n");
        assertEquals(List.of("ppl-vi/src/main/java/dev/ppl/vi/X.java"), crossings(dir));
    }
}
