package dev.ppl.autodiff.io;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.OptimizerState;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A saved training state: parameter values by name, optionally an optimizer's state, and string
 * metadata (step counters, RNG state, configuration). Immutable.
 *
 * <p><b>Integrity.</b> The file ends with the length of its contents and their SHA-256 digest
 * ({@link CheckpointFormat}). {@link #load} verifies both before it reads a single field, so a
 * truncated, bit-flipped, edited or foreign file raises {@link CorruptCheckpointException} and is
 * never half-used; every size it then reads is bounded by the bytes that remain.
 *
 * <p><b>Atomic writes.</b> {@link #save} writes to {@code <name>.tmp} beside the target, forces it
 * to disk, then renames it over the target, so a crash leaves the old checkpoint or the new one,
 * never a torn file; a temporary file left by a killed earlier save is removed first.
 */
public record Checkpoint(Map<String, INDArray> params, OptimizerState optimizer, Map<String, String> metadata) {
    /** Copies the maps. {@code optimizer} may be null. */
    public Checkpoint {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A checkpoint of {@code params}' current values and {@code optimizer}'s state (may be null). */
    public static Checkpoint of(Params params, OptimizerState optimizer, Map<String, String> metadata) {
        return new Checkpoint(params.snapshot(), optimizer, metadata);
    }

    /**
     * Writes this checkpoint to {@code file} atomically.
     *
     * @throws CheckpointException naming the file and the reason (e.g. "Permission denied", "Not a
     *     directory") when it cannot be written; the previous checkpoint, if any, is then intact
     */
    public void save(Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = temporaryFor(target);
        try {
            Files.createDirectories(dir);
            removeStaleTemporaries(target);
            byte[] bytes = CheckpointFormat.encode(this);
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write checkpoint " + file + ": " + reason(e), e);
        }
    }

    /**
     * Reads a checkpoint written by {@link #save}, after verifying its length and digest.
     *
     * @throws CorruptCheckpointException if the file is not byte for byte what {@code save} wrote
     * @throws CheckpointException if it is missing, unreadable or of an older format
     */
    public static Checkpoint load(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new CheckpointException(file, "cannot read checkpoint " + file + ": it is a directory", null);
            }
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 64) {
                throw new CheckpointException(file, "cannot read checkpoint " + file + ": " + size
                        + " bytes, more than the 2 GiB this format supports", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read checkpoint " + file + ": " + reason(e), e);
        }
        return CheckpointFormat.decode(bytes, file);
    }

    /** The temporary file a save to {@code target} writes before renaming it. */
    static Path temporaryFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    /** Deletes temporaries of earlier saves to {@code target} that a kill left behind. */
    private static void removeStaleTemporaries(Path target) throws IOException {
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(target.getParent(),
                p -> isTemporaryOf(p.getFileName().toString(), name))) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** {@code <name>.tmp}, or {@code <name><digits>.tmp} as written by releases that used {@code createTempFile}. */
    private static boolean isTemporaryOf(String candidate, String name) {
        if (!candidate.startsWith(name) || !candidate.endsWith(".tmp")) {
            return false;
        }
        String middle = candidate.substring(name.length(), candidate.length() - ".tmp".length());
        return middle.chars().allMatch(Character::isDigit);
    }

    /** The operating system's reason for {@code e}, in words. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException x) {
            return x.getFile() + " is not a directory (a file is in the way)";
        }
        if (e instanceof FileSystemException f) {
            return (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName()) + ": " + f.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Loads the parameter values into {@code target}; names and shapes must match ({@link Params#load}). */
    public void restoreInto(Params target) {
        target.load(params);
    }
}
