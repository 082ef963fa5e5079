package dev.ppl.autodiff.io;

import dev.ppl.autodiff.optim.OptimizerState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The byte layout of a checkpoint file (format 2), big-endian:
 * <pre>
 * contents := "PPL-CKPT" (8 bytes) · version (int, 2) · arrays(params) · hasOptimizer (byte)
 *             [ kind (string) · step (long) · arrays(buffers) ] · count (int) · (key, value strings)*
 * arrays   := count (int) · ( name (string) · type (byte: 0 float32, 1 float64) · rank (int) · dims (long)* · values )*
 * string   := length (int) · UTF-8 bytes
 * file     := contents · length of contents (long) · SHA-256 of contents (32 bytes)
 * </pre>
 * {@link #decode} checks the trailer (length, then digest) before it reads a single field, and
 * bounds every size it then reads by the bytes that remain, so a damaged file is reported, never
 * half-used, and a crafted one cannot make it allocate more than the file holds.
 */
final class CheckpointFormat {
    static final byte[] MAGIC = "PPL-CKPT".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    static final int TRAILER = Long.BYTES + 32;
    static final int MAX_RANK = 32;
    private static final byte[] LEGACY_MAGIC = "\0\u000eppl-checkpoint".getBytes(StandardCharsets.ISO_8859_1);

    private CheckpointFormat() {}

    /** The file bytes of {@code c}: its contents followed by the trailer. */
    static byte[] encode(Checkpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(VERSION);
        writeArrays(out, c.params());
        out.writeByte(c.optimizer() != null ? 1 : 0);
        if (c.optimizer() != null) {
            writeString(out, c.optimizer().kind());
            out.writeLong(c.optimizer().step());
            writeArrays(out, c.optimizer().buffers());
        }
        out.writeInt(c.metadata().size());
        for (Map.Entry<String, String> e : c.metadata().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.flush();
        int length = bytes.size();
        byte[] digest = sha256(bytes.toByteArray(), length);
        out.writeLong(length);
        out.write(digest);
        out.flush();
        return bytes.toByteArray();
    }

    /** The checkpoint in {@code bytes}, the whole content of {@code file}; checks integrity first. */
    static Checkpoint decode(byte[] bytes, Path file) {
        if (startsWith(bytes, LEGACY_MAGIC)) {
            throw new CheckpointException(file, "checkpoint " + file + " was written in format 1, which has no "
                    + "integrity check, so it cannot be trusted; retrain, or load it with the release that wrote it and "
                    + "save it again", null);
        }
        if (bytes.length == 0) {
            throw new CorruptCheckpointException(file, "checkpoint " + file + " is empty (0 bytes); use an earlier checkpoint");
        }
        if (!startsWith(bytes, MAGIC) && !startsWith(MAGIC, bytes)) {
            throw new CorruptCheckpointException(file, file + " is not a ppl checkpoint: it starts with bytes "
                    + hex(bytes, 8) + ", expected " + hex(MAGIC, 8) + " ('PPL-CKPT')");
        }
        if (bytes.length < MAGIC.length + Integer.BYTES + TRAILER) {
            throw new CorruptCheckpointException(file, "checkpoint " + file + " is truncated: " + bytes.length
                    + " bytes, fewer than the " + (MAGIC.length + Integer.BYTES + TRAILER)
                    + " of the smallest checkpoint; use an earlier checkpoint");
        }
        ByteBuffer trailer = ByteBuffer.wrap(bytes, bytes.length - TRAILER, TRAILER);
        long recorded = trailer.getLong();
        long actual = bytes.length - TRAILER;
        if (recorded != actual) {
            throw new CorruptCheckpointException(file, "checkpoint " + file + " failed its integrity check: its trailer "
                    + "records " + recorded + " bytes of contents but the file holds " + actual
                    + " (truncated, appended to, or damaged at the end); use an earlier checkpoint");
        }
        byte[] stored = new byte[32];
        trailer.get(stored);
        byte[] computed = sha256(bytes, (int) actual);
        if (!MessageDigest.isEqual(stored, computed)) {
            throw new CorruptCheckpointException(file, "checkpoint " + file + " failed its integrity check: the SHA-256 "
                    + "of its contents is " + HexFormat.of().formatHex(computed) + " but " + HexFormat.of().formatHex(stored)
                    + " was stored when it was written; the file was modified or corrupted; use an earlier checkpoint");
        }
        Reader in = new Reader(ByteBuffer.wrap(bytes, 0, (int) actual), file);
        in.skip(MAGIC.length);
        int version = in.buf.getInt();
        if (version != VERSION) {
            throw new CheckpointException(file, "checkpoint " + file + " has format version " + version
                    + "; this release reads version " + VERSION, null);
        }
        try {
            Map<String, INDArray> params = in.arrays("parameter");
            OptimizerState opt = null;
            byte hasOptimizer = in.buf.get();
            if (hasOptimizer == 1) {
                String kind = in.string("optimizer kind");
                long step = in.buf.getLong();
                opt = new OptimizerState(kind, step, in.arrays("optimizer buffer"));
            } else if (hasOptimizer != 0) {
                throw in.malformed("optimizer flag is " + hasOptimizer + ", expected 0 or 1");
            }
            int n = in.count("metadata entries", 2 * Integer.BYTES);
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                meta.put(in.string("metadata key"), in.string("metadata value"));
            }
            if (in.buf.hasRemaining()) {
                throw in.malformed(in.buf.remaining() + " unread bytes after the last field");
            }
            return new Checkpoint(params, opt, meta);
        } catch (BufferUnderflowException e) {
            throw in.malformed("a field runs past the end of the contents");
        }
    }

    private static void writeArrays(DataOutputStream out, Map<String, INDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray a = e.getValue();
            boolean dbl = a.dataType() == DataType.DOUBLE;
            if (!dbl && a.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException("checkpoint: array '" + e.getKey() + "' has unsupported type "
                        + a.dataType() + "; only FLOAT and DOUBLE are saved");
            }
            writeString(out, e.getKey());
            out.writeByte(dbl ? 1 : 0);
            out.writeInt(a.rank());
            for (long d : a.shape()) {
                out.writeLong(d);
            }
            INDArray flat = a.reshape(a.length());
            ByteBuffer values = ByteBuffer.allocate(Math.toIntExact(a.length() * (dbl ? Double.BYTES : Float.BYTES)));
            if (dbl) {
                values.asDoubleBuffer().put(flat.toDoubleVector());
            } else {
                values.asFloatBuffer().put(flat.toFloatVector());
            }
            out.write(values.array());
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String hex(byte[] bytes, int n) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(n, bytes.length));
    }

    /** Reads fields from verified contents, bounding every size by the bytes that remain. */
    private static final class Reader {
        final ByteBuffer buf;
        final Path file;

        Reader(ByteBuffer buf, Path file) {
            this.buf = buf.slice();
            this.file = file;
        }

        void skip(int n) {
            buf.position(buf.position() + n);
        }

        /** A count of items of at least {@code minBytes} each, bounded by the remaining bytes. */
        int count(String what, int minBytes) {
            int n = buf.getInt();
            if (n < 0 || (long) n * minBytes > buf.remaining()) {
                throw malformed("the number of " + what + " is " + n + ", but only " + buf.remaining() + " bytes remain");
            }
            return n;
        }

        String string(String what) {
            int n = buf.getInt();
            if (n < 0 || n > buf.remaining()) {
                throw malformed("the " + what + " has length " + n + ", but only " + buf.remaining() + " bytes remain");
            }
            byte[] b = new byte[n];
            buf.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        Map<String, INDArray> arrays(String what) {
            int n = count(what + " arrays", Integer.BYTES + 1 + Integer.BYTES);
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = string(what + " name");
                byte type = buf.get();
                if (type != 0 && type != 1) {
                    throw malformed(what + " '" + name + "' has type code " + type + ", expected 0 (float32) or 1 (float64)");
                }
                int rank = buf.getInt();
                if (rank < 0 || rank > MAX_RANK) {
                    throw malformed(what + " '" + name + "' has rank " + rank + ", expected 0 to " + MAX_RANK);
                }
                long[] shape = new long[rank];
                long length = 1;
                int width = type == 1 ? Double.BYTES : Float.BYTES;
                for (int d = 0; d < rank; d++) {
                    shape[d] = buf.getLong();
                    if (shape[d] < 0 || (shape[d] > 0 && length > buf.remaining() / shape[d])) {
                        throw malformed(what + " '" + name + "' has dimension " + d + " of size " + shape[d]
                                + ", more than the " + buf.remaining() + " remaining bytes can hold");
                    }
                    length *= shape[d];
                }
                if (length * width > buf.remaining()) {
                    throw malformed(what + " '" + name + "' of shape " + Arrays.toString(shape) + " needs "
                            + length * width + " bytes, but only " + buf.remaining() + " remain");
                }
                INDArray flat;
                if (type == 1) {
                    double[] v = new double[(int) length];
                    buf.asDoubleBuffer().get(v);
                    flat = Nd4j.createFromArray(v);
                } else {
                    float[] v = new float[(int) length];
                    buf.asFloatBuffer().get(v);
                    flat = Nd4j.createFromArray(v);
                }
                skip((int) (length * width));
                if (out.put(name, rank == 0 ? flat.reshape() : flat.reshape('c', shape)) != null) {
                    throw malformed(what + " '" + name + "' appears twice");
                }
            }
            return out;
        }

        CorruptCheckpointException malformed(String detail) {
            return new CorruptCheckpointException(file, "checkpoint " + file + " is malformed although its digest matches "
                    + "(it was not written by Checkpoint.save): at byte " + buf.position() + ", " + detail);
        }
    }
}
