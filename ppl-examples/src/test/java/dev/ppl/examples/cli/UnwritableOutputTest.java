package dev.ppl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every training command refuses an output it cannot write before it loads data or trains a
 * step: exit code 1, one line naming the option, the path and the operating system's reason.
 * The paths lie under a regular file ("Not a directory"), which no user, root included, can
 * write to.
 */
class UnwritableOutputTest {
    @TempDir
    Path dir;

    /** The smallest run of each training command: if it started, it would print its data line and train. */
    static Stream<Arguments> invocations() {
        String[] small = {"--train-limit", "100", "--test-limit", "10", "--batch-size", "50", "--epochs", "1",
                "--hidden", "8", "--latent", "2", "--no-progress"};
        List<Arguments> a = new ArrayList<>();
        for (String command : new String[] {"vae", "iwae", "discrete"}) {
            for (String problem : new String[] {"out-under-a-file", "out-is-a-file", "checkpoint-under-a-file", "checkpoint-is-a-directory"}) {
                a.add(Arguments.of(command, problem, small));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invocations")
    void unwritableOutputFailsBeforeAnyDataIsLoadedNamingThePathAndTheReason(String command, String problem, String[] small)
            throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path out = dir.resolve("out"), ckpt = dir.resolve("run.ckpt");
        String expected;
        switch (problem) {
            case "out-under-a-file":
                out = file.resolve("images");
                expected = "--out " + out + ": cannot create the directory " + out + ": Not a directory";
                break;
            case "out-is-a-file":
                out = file;
                expected = "--out " + out + ": cannot create the directory " + out + ": File exists and is not a directory";
                break;
            case "checkpoint-under-a-file":
                ckpt = file.resolve("sub").resolve("run.ckpt");
                expected = "--checkpoint " + ckpt + ": cannot create the directory " + file.resolve("sub") + ": Not a directory";
                break;
            default:
                ckpt = Files.createDirectory(dir.resolve("ckpt-dir"));
                expected = "--checkpoint " + ckpt + ": it is a directory, expected a file name";
                break;
        }
        List<String> args = new ArrayList<>(List.of(command, "--out", out.toString(), "--checkpoint", ckpt.toString()));
        args.addAll(List.of(small));
        CommandsTest.Outcome o = CommandsTest.run(args.toArray(new String[0]));
        CommandsTest.assertOneLineError(o, Commands.FAILURE, command + ": error: " + expected);
        assertEquals("", o.out(), "nothing loaded or trained");
        assertFalse(Files.exists(dir.resolve("run.ckpt")), "no checkpoint written");
    }
}
