package dev.ppl.examples.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads unsigned-byte IDX files (the format of MNIST and Fashion-MNIST): a big-endian header
 * {@code 0x00 0x00 0x08 rank}, then {@code rank} 32-bit dimensions, then the values, one byte
 * each, in row-major order. Files may be gzip-compressed (detected from the gzip magic bytes,
 * not the name).
 *
 * <p>Nothing is allocated on the header's word alone: the header is checked first
 * ({@link IdxHeader}: type, rank, every dimension positive, their product without overflow), then
 * the number of bytes after it must equal the product of the dimensions, checked against the
 * file's size before reading an uncompressed file and while reading a compressed one (whose buffer
 * grows with the bytes actually present). A malformed file is an {@link IdxFormatException}
 * naming the file, the field, its value and the expected value; a missing file an
 * {@link IllegalArgumentException}; a failing disk an {@link UncheckedIOException}, each naming
 * the file.
 */
public final class IdxReader {
    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int BUFFER = 1 << 16;

    private IdxReader() {}

    /**
     * The values of an IDX file with its dimensions.
     *
     * @param source the file they were read from, for messages
     * @param dims the dimensions, each positive
     * @param data the values, one byte each (read as 0..255 by {@link #unsigned})
     */
    public record IdxArray(String source, int[] dims, byte[] data) {
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

    /** Reads the IDX file at {@code file}; the path is used in error messages. */
    public static IdxArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.size(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("data file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an IDX stream (gzip or plain) of unknown length; {@code name} identifies it in error messages. */
    public static IdxArray read(InputStream raw, String name) {
        try {
            return read(raw, name, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data " + name + ": " + e.getMessage(), e);
        }
    }

    /** Reads from {@code raw}, whose length is {@code size} bytes, or unknown if negative. */
    private static IdxArray read(InputStream raw, String name, long size) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        if (((b0 << 8) | b1) != GZIP_MAGIC) {
            return parse(buffered, name, size, "");
        }
        try {
            return parse(new GZIPInputStream(buffered, BUFFER), name, -1, " (decompressed)");
        } catch (IOException e) {
            throw new IdxFormatException(name, "the gzip stream", "corrupt (" + e.getMessage() + ")",
                    "a complete gzip stream", "the download is damaged or incomplete: download the file again");
        }
    }

    /** The header, then exactly as many value bytes as it declares ({@code size}: the stream's length if known). */
    private static IdxArray parse(InputStream in, String name, long size, String how) throws IOException {
        IdxHeader h = IdxHeader.read(in, name);
        if (size >= 0 && size - h.bytes() != h.values()) {
            throw payloadSize(name, h, size - h.bytes(), how);
        }
        byte[] data = in.readNBytes((int) h.values());
        if (data.length < h.values()) {
            throw payloadSize(name, h, data.length, how);
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw payloadSize(name, h, data.length + extra, how);
        }
        return new IdxArray(name, h.dims(), data);
    }

    private static IdxFormatException payloadSize(String name, IdxHeader h, long found, String how) {
        String remedy = found < h.values() ? "the file is truncated: download it again"
                : "the file holds more bytes than its header declares (a damaged header, or files joined): download it again";
        return new IdxFormatException(name, "the data after the " + h.bytes() + "-byte header" + how, found + " bytes",
                h.values() + " bytes (the product of the dimensions " + Arrays.toString(h.dims()) + ")", remedy);
    }
}
