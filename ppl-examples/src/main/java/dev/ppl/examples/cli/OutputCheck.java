package dev.ppl.examples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks, before any data is loaded or any step is trained, that a run can write an output: it
 * creates the output directory (with its parents) and a probe file in it, then deletes the probe,
 * so that a run never trains for an hour to fail at its first write. A failure is an
 * {@link IllegalArgumentException} naming the option, the path, what could not be done and the
 * operating system's reason ("Permission denied", "Not a directory", "Read-only file system",
 * ...); {@link Commands} reports it on one line with exit code 1.
 */
final class OutputCheck {
    private OutputCheck() {}

    /** Creates {@code dir}, the value of {@code option}, if needed, and checks that a file can be created in it. */
    static void directory(String option, Path dir) {
        probe(option, dir, dir.toAbsolutePath());
    }

    /**
     * Checks that {@code file}, the value of {@code option}, can be written: it is not a
     * directory, and its directory can be created and holds a new file (a file is written there
     * first, then moved over {@code file}).
     */
    static void file(String option, Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + file + ": it is a directory, expected a file name; "
                    + "give a file path for " + option);
        }
        probe(option, file, abs.getParent());
    }

    private static void probe(String option, Path given, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure(option, given, "create the directory " + where(e, dir), e);
        }
        try {
            Files.delete(Files.createTempFile(dir, ".write-probe-", ".tmp"));
        } catch (IOException e) {
            throw failure(option, given, "create a file in " + dir, e);
        }
    }

    private static IllegalArgumentException failure(String option, Path given, String action, IOException e) {
        return new IllegalArgumentException(option + " " + given + ": cannot " + action + ": " + reason(e)
                + "; choose a writable location for " + option);
    }

    /** The path the operating system complained about, else {@code dir}. */
    private static Path where(IOException e, Path dir) {
        return e instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile()) : dir;
    }

    /** The operating system's reason for {@code e}, in its words where Java keeps them. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists and is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
