package dev.ppl.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A build check over every source and documentation file of the repository: no control
 * characters other than line breaks, and no LaTeX command whose backslash was eaten by an escape
 * sequence (a {@code \n} in {@code \nabla} written through a tool that interprets it leaves a line
 * starting with {@code abla}; {@code \t} in {@code \textstyle} leaves a tab, {@code \b} in
 * {@code \big} a backspace, both control characters).
 */
class SourceTextTest {
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x09\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    private static final Pattern EATEN_NABLA = Pattern.compile("(?m)^\\s*abla\\b");

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("ppl-core"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "the repository root (the folder holding ppl-core) was not found above the working directory");
        return p;
    }

    static List<String> problems(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
                    .filter(f -> f.toString().matches(".*\\.(java|md|xml|py|properties)$"))
                    .forEach(f -> check(root, f, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void check(Path root, Path file, List<String> out) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            var m = CONTROL.matcher(lines[i]);
            if (m.find()) {
                out.add(root.relativize(file) + ":" + (i + 1) + ": control character U+"
                        + String.format("%04X", (int) lines[i].charAt(m.start())) + " at column " + (m.start() + 1));
            }
            if (EATEN_NABLA.matcher(lines[i]).find()) {
                out.add(root.relativize(file) + ":" + (i + 1) + ": a line starting with 'abla' (\\nabla with its backslash eaten)");
            }
        }
    }

    @Test
    void sourcesHaveNoControlCharactersOrEatenEscapes() {
        assertEquals(List.of(), problems(repositoryRoot()));
    }

    @Test
    void theCheckFindsAPlantedTabAndAnEatenNabla(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("ppl-core"));
        Files.writeString(dir.resolve("A.java"), "/** \\( T = R + \textstyle x \\) */\n");
        Files.writeString(dir.resolve("B.md"), "has \\(E[c\\,\nabla \\log p]\\)\n");
        List<String> found = problems(dir);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).contains("U+0009") || found.get(1).contains("U+0009"), found.toString());
    }
}
