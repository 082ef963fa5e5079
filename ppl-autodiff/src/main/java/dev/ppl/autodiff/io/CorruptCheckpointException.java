package dev.ppl.autodiff.io;

import java.nio.file.Path;

/**
 * A checkpoint whose bytes are not the bytes {@link Checkpoint#save} wrote: its length or its
 * SHA-256 digest disagrees with the trailer written after the contents, or (for a file whose
 * digest matches but whose contents were crafted) a size field is out of bounds. Raised before
 * any value from the file is used.
 */
public final class CorruptCheckpointException extends CheckpointException {
    /** An integrity failure of {@code file}, described by {@code message}. */
    public CorruptCheckpointException(Path file, String message) {
        super(file, message, null);
    }
}
