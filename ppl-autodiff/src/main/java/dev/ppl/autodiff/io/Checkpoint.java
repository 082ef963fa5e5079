package dev.ppl.autodiff.io;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.OptimizerState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A saved training state: parameter values by name, optionally an optimizer's state, and string
 * metadata (step counters, RNG state, configuration). Immutable.
 *
 * <p>{@link #save} writes atomically: to a temporary file in the target's directory, then a
 * rename, so a crash leaves either the old checkpoint or the new one, never a torn file.
 * The format is a versioned binary stream of named arrays (float32 or float64).
 */
public record Checkpoint(Map<String, INDArray> params, OptimizerState optimizer, Map<String, String> metadata) {
    private static final String MAGIC = "ppl-checkpoint";
    private static final int VERSION = 1;

    /** Copies the maps. {@code optimizer} may be null. */
    public Checkpoint {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A checkpoint of {@code params}' current values and {@code optimizer}'s state (may be null). */
    public static Checkpoint of(Params params, OptimizerState optimizer, Map<String, String> metadata) {
        return new Checkpoint(params.snapshot(), optimizer, metadata);
    }

    /** Writes this checkpoint to {@code file} atomically. */
    public void save(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                writeArrays(out, params);
                out.writeBoolean(optimizer != null);
                if (optimizer != null) {
                    out.writeUTF(optimizer.kind());
                    out.writeLong(optimizer.step());
                    writeArrays(out, optimizer.buffers());
                }
                out.writeInt(metadata.size());
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint written by {@link #save}. */
    public static Checkpoint load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                throw new IllegalArgumentException("not a version-" + VERSION + " ppl checkpoint: " + file);
            }
            Map<String, INDArray> params = readArrays(in);
            OptimizerState opt = null;
            if (in.readBoolean()) {
                String kind = in.readUTF();
                long step = in.readLong();
                opt = new OptimizerState(kind, step, readArrays(in));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                meta.put(in.readUTF(), in.readUTF());
            }
            return new Checkpoint(params, opt, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads the parameter values into {@code target}; names and shapes must match ({@link Params#load}). */
    public void restoreInto(Params target) {
        target.load(params);
    }

    private static void writeArrays(DataOutputStream out, Map<String, INDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray a = e.getValue();
            boolean dbl = a.dataType() == DataType.DOUBLE;
            if (!dbl && a.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException("checkpoint: array '" + e.getKey() + "' has unsupported type " + a.dataType());
            }
            out.writeUTF(e.getKey());
            out.writeBoolean(dbl);
            out.writeInt(a.rank());
            for (long d : a.shape()) {
                out.writeLong(d);
            }
            INDArray flat = a.reshape(a.length());
            if (dbl) {
                for (double x : flat.toDoubleVector()) {
                    out.writeDouble(x);
                }
            } else {
                for (float x : flat.toFloatVector()) {
                    out.writeFloat(x);
                }
            }
        }
    }

    private static Map<String, INDArray> readArrays(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            boolean dbl = in.readBoolean();
            long[] shape = new long[in.readInt()];
            long len = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
                len *= shape[d];
            }
            INDArray flat;
            if (dbl) {
                double[] v = new double[Math.toIntExact(len)];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readDouble();
                }
                flat = Nd4j.createFromArray(v);
            } else {
                float[] v = new float[Math.toIntExact(len)];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                flat = Nd4j.createFromArray(v);
            }
            out.put(name, shape.length == 0 ? flat.reshape() : flat.reshape('c', shape));
        }
        return out;
    }
}
