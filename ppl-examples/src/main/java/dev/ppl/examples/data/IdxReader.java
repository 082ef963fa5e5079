package dev.ppl.examples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads unsigned-byte IDX files (the format of MNIST and Fashion-MNIST): a big-endian header
 * {@code 0x00 0x00 0x08 rank}, then {@code rank} 32-bit dimensions, then the values, one byte
 * each, in row-major order. Files may be gzip-compressed (detected from the gzip magic bytes,
 * not the name). Errors are {@link IllegalArgumentException}s naming the file and what is wrong.
 */
public final class IdxReader {
    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /** The values of an IDX file with its dimensions: {@code dims} and bytes read as 0..255. */
    public record IdxArray(int[] dims, byte[] data) {
        /** The number of entries along the first dimension. */
        public int count() {
            return dims[0];
        }

        /** The product of every dimension after the first (784 for 28x28 images, 1 for labels). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }

        /** Entry {@code i} of the flat data as an unsigned value 0..255. */
        public int unsigned(long i) {
            return data[Math.toIntExact(i)] & 0xff;
        }
    }

    /** Reads the IDX file at {@code file}; the name is used in error messages. */
    public static IdxArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("data file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an IDX stream (gzip or plain); {@code name} identifies it in error messages. */
    public static IdxArray read(InputStream raw, String name) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read(), b1 = buffered.read();
            buffered.reset();
            InputStream body = ((b0 << 8) | b1) == GZIP_MAGIC ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            return parse(new DataInputStream(body), name);
        } catch (EOFException e) {
            throw new IllegalArgumentException("malformed IDX file " + name + ": it ends before the size its header declares");
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed IDX file " + name + ": " + e.getMessage());
        }
    }

    private static IdxArray parse(DataInputStream in, String name) throws IOException {
        int magic = in.readInt();
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > 4) {
            throw new IllegalArgumentException(String.format(
                    "malformed IDX file %s: magic number 0x%08x; expected 0x000008NN (unsigned bytes, rank NN in 1..4)",
                    name, magic));
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new IllegalArgumentException("malformed IDX file " + name + ": dimension " + i + " is negative (" + dims[i] + ")");
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("malformed IDX file " + name + ": " + total + " values is too many");
        }
        byte[] data = new byte[(int) total];
        in.readFully(data);
        if (in.read() != -1) {
            throw new IllegalArgumentException("malformed IDX file " + name + ": extra bytes after the "
                    + total + " values its header declares");
        }
        return new IdxArray(dims, data);
    }
}
