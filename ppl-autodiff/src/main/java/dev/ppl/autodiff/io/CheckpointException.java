package dev.ppl.autodiff.io;

import java.nio.file.Path;

/**
 * A checkpoint file that cannot be used: missing, unreadable, not a checkpoint, written by an
 * older format without an integrity check, or failing its integrity check (truncated, modified or
 * corrupted after it was written). The message names the file and what was found; {@link #file()}
 * is the file. Nothing from a file that raised this was used.
 */
public class CheckpointException extends RuntimeException {
    private final transient Path file;

    /** An error about {@code file}; {@code message} says what is wrong and what to do. */
    public CheckpointException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The checkpoint file the error is about. */
    public Path file() {
        return file;
    }
}
