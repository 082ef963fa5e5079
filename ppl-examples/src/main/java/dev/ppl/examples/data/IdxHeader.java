package dev.ppl.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The header of an unsigned-byte IDX file, read and checked before anything is allocated for the
 * values: bytes 0-1 zero, byte 2 the type {@code 0x08} (unsigned byte), byte 3 the rank \(r\) in
 * \(1..4\), then \(r\) big-endian 32-bit dimensions \(d_0, \dots, d_{r-1}\), each positive, whose
 * product \(n = \prod_i d_i\) (the number of values, one byte each) fits in a Java array. Every
 * violation is an {@link IdxFormatException} naming the field, its value and the expected value.
 */
final class IdxHeader {
    /** The largest rank accepted (MNIST images have rank 3, labels rank 1). */
    static final int MAX_RANK = 4;
    /** The largest number of values: the largest Java array. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final String DAMAGED = "the file is damaged or incomplete: download it again";
    private static final int UNSIGNED_BYTE = 0x08;

    private final int[] dims;
    private final long values;

    private IdxHeader(int[] dims, long values) {
        this.dims = dims;
        this.values = values;
    }

    /** The dimensions, a copy. */
    int[] dims() {
        return dims.clone();
    }

    /** The number of values the header declares: the product of the dimensions. */
    long values() {
        return values;
    }

    /** The length of the header in bytes: 4 for the magic number, 4 per dimension. */
    int bytes() {
        return 4 + 4 * dims.length;
    }

    /** Reads and checks the header at the start of {@code in}; {@code name} identifies the file in errors. */
    static IdxHeader read(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length == 0) {
            throw new IdxFormatException(name, "the file", "empty (0 bytes)",
                    "an IDX header (magic number 0x000008NN, then NN 4-byte dimensions) and the values", DAMAGED);
        }
        if (magic.length < 4) {
            throw new IdxFormatException(name, "the magic number (bytes 0-3)", "cut off after " + magic.length
                    + " byte(s): the file has only " + magic.length, "4 bytes 0x000008NN", DAMAGED);
        }
        int m = ByteBuffer.wrap(magic).getInt();
        if ((m >>> 16) != 0) {
            throw new IdxFormatException(name, "the magic number (bytes 0-3)", String.format("0x%08x", m) + asText(magic),
                    "0x000008NN (two zero bytes, type 0x08, rank NN)",
                    "this is not an IDX file: use the IDX files of MNIST or Fashion-MNIST (gzipped or not)");
        }
        int type = magic[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IdxFormatException(name, "the type byte (byte 2)", String.format("0x%02x (%s; magic number 0x%08x)",
                    type, typeName(type), m), "0x08 (unsigned byte)",
                    "only unsigned-byte IDX files such as MNIST and Fashion-MNIST can be read");
        }
        int rank = magic[3] & 0xff;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IdxFormatException(name, "the rank (byte 3)", String.valueOf(rank), "1 to " + MAX_RANK, DAMAGED);
        }
        int[] dims = dimensions(in, name, rank);
        return new IdxHeader(dims, product(dims, name));
    }

    private static int[] dimensions(InputStream in, String name, int rank) throws IOException {
        byte[] raw = in.readNBytes(4 * rank);
        if (raw.length < 4 * rank) {
            throw new IdxFormatException(name, "the header", (4 + raw.length) + " bytes long (the file ends inside the dimensions)",
                    (4 + 4 * rank) + " bytes for rank " + rank, DAMAGED);
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getInt();
            if (dims[i] <= 0) {
                throw new IdxFormatException(name, "dimension " + i + " (bytes " + (4 + 4 * i) + "-" + (7 + 4 * i) + ")",
                        dims[i] + String.format(" (0x%08x)", dims[i]), "a positive count", DAMAGED);
            }
        }
        return dims;
    }

    private static long product(int[] dims, String name) {
        BigInteger product = BigInteger.ONE;
        for (int d : dims) {
            product = product.multiply(BigInteger.valueOf(d));
        }
        if (product.compareTo(BigInteger.valueOf(MAX_VALUES)) > 0) {
            throw new IdxFormatException(name, "the number of values (the product of the dimensions " + Arrays.toString(dims) + ")",
                    product.toString(), "at most " + MAX_VALUES + " (the largest Java array)", DAMAGED);
        }
        return product.longValueExact();
    }

    /** {@code " (the text \"...\": a text file, not binary IDX)"} when the bytes are printable ASCII, else "". */
    private static String asText(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte x : bytes) {
            if ((x < 0x20 || x > 0x7e) && x != '\n' && x != '\r' && x != '\t') {
                return "";
            }
            s.append(x == '\n' ? "\\n" : x == '\r' ? "\\r" : x == '\t' ? "\\t" : String.valueOf((char) x));
        }
        return " (the text \"" + s + "\": a text file, not a binary IDX file)";
    }

    private static String typeName(int type) {
        switch (type) {
            case 0x09:
                return "signed byte";
            case 0x0B:
                return "16-bit integer";
            case 0x0C:
                return "32-bit integer";
            case 0x0D:
                return "32-bit float";
            case 0x0E:
                return "64-bit float";
            default:
                return "not an IDX type";
        }
    }
}
