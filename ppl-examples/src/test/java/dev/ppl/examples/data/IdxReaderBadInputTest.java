package dev.ppl.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated, corrupted, oversized, empty and text-instead-of-binary IDX files: each is rejected
 * with an {@link IdxFormatException} whose message names the file, the offending field and its
 * value, and nothing is allocated on the word of a header (a header declaring two billion values
 * over a few bytes fails at once).
 */
class IdxReaderBadInputTest {
    @TempDir
    Path dir;

    /**
     * One bad file.
     *
     * @param name what is wrong, also the file name
     * @param content the file's bytes
     * @param field what {@link IdxFormatException#field()} contains
     * @param value what the message says the field holds
     */
    record Case(String name, byte[] content, String field, String value) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        byte[] images = concat(header(0x0803, 4, 2, 3), values(24));
        byte[] gz = gzip(images);
        return Stream.of(
                new Case("empty", new byte[0], "the file", "empty (0 bytes)"),
                new Case("three-bytes", new byte[] {0, 0, 8}, "the magic number", "cut off after 3 byte(s)"),
                new Case("text", "hello, world\n".getBytes(StandardCharsets.US_ASCII), "the magic number",
                        "0x68656c6c (the text \"hell\": a text file"),
                new Case("csv-of-pixels", "0,0,8,3\n4,2,3\n".getBytes(StandardCharsets.US_ASCII), "the magic number", "0x302c302c"),
                new Case("html-error-page", "<html><body>404</body></html>".getBytes(StandardCharsets.US_ASCII),
                        "the magic number", "\"<htm\""),
                new Case("float-type", concat(header(0x0D02, 2, 2), new byte[16]), "the type byte (byte 2)",
                        "0x0d (32-bit float; magic number 0x00000d02)"),
                new Case("rank-0", header(0x0800), "the rank (byte 3)", "is 0,"),
                new Case("rank-9", concat(header(0x0809, 1, 1, 1, 1, 1, 1, 1, 1, 1), values(1)), "the rank (byte 3)", "is 9,"),
                new Case("header-cut-in-dimensions", Arrays.copyOf(images, 9), "the header", "9 bytes long"),
                new Case("zero-dimension", concat(header(0x0803, 5, 0, 28), values(0)), "dimension 1 (bytes 8-11)", "is 0 (0x00000000)"),
                new Case("negative-dimension", concat(header(0x0801, -1), values(3)), "dimension 0 (bytes 4-7)", "is -1 (0xffffffff)"),
                new Case("product-overflows-long", header(0x0803, 2097152, 2097152, 4194304), "the number of values",
                        "is 18446744073709551616"),
                new Case("product-exceeds-array", header(0x0803, 65536, 65536, 1), "the number of values", "is 4294967296"),
                new Case("huge-header-tiny-payload", concat(header(0x0801, 2_000_000_000), values(10)),
                        "the data after the 8-byte header", "is 10 bytes, expected 2000000000 bytes"),
                new Case("huge-header-tiny-payload-gzip", gzip(concat(header(0x0801, 2_000_000_000), values(10))),
                        "the data after the 8-byte header (decompressed)", "is 10 bytes"),
                new Case("header-only", header(0x0803, 4, 2, 3), "the data after the 16-byte header", "is 0 bytes, expected 24 bytes"),
                new Case("truncated", Arrays.copyOf(images, images.length - 3), "the data after the 16-byte header", "is 21 bytes"),
                new Case("oversized", Arrays.copyOf(images, images.length + 1), "the data after the 16-byte header", "is 25 bytes"),
                new Case("truncated-gzip-content", gzip(Arrays.copyOf(images, images.length - 3)),
                        "the data after the 16-byte header (decompressed)", "is 21 bytes"),
                new Case("oversized-gzip-content", gzip(Arrays.copyOf(images, images.length + 5)),
                        "the data after the 16-byte header (decompressed)", "is 29 bytes"),
                new Case("gzip-cut-in-half", Arrays.copyOf(gz, gz.length / 2), "the gzip stream", "is corrupt ("),
                new Case("gzip-magic-only", new byte[] {0x1f, (byte) 0x8b}, "the gzip stream", "is corrupt ("),
                new Case("gzip-bad-checksum", flip(gz, gz.length - 8), "the gzip stream", "is corrupt (Corrupt GZIP trailer)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badFileIsRejectedNamingTheFileTheFieldAndItsValue(Case c) throws IOException {
        Path file = Files.write(dir.resolve(c.name()), c.content());
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
        assertEquals(file.toString(), e.file());
        assertTrue(e.field().contains(c.field()), "field '" + e.field() + "' should contain '" + c.field() + "'");
        String m = e.getMessage();
        assertTrue(m.startsWith("malformed IDX file " + file + ": " + c.field()), m);
        assertTrue(m.contains(c.value()), "'" + m + "' should contain '" + c.value() + "'");
        assertTrue(m.contains(", expected ") && m.contains("; "), "expected value and remedy: " + m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badStreamIsRejectedTheSameWayUnderItsName(Case c) {
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(new java.io.ByteArrayInputStream(c.content()), "resource " + c.name()));
        assertEquals("resource " + c.name(), e.file());
        assertTrue(e.field().contains(c.field()), e.getMessage());
    }

    /** The magic number {@code magic} (type and rank) followed by the dimensions, big-endian. */
    static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    static byte[] values(int n) {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) {
            v[i] = (byte) (i * 37);
        }
        return v;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] flip(byte[] content, int at) {
        byte[] r = content.clone();
        r[at] ^= (byte) 0xff;
        return r;
    }
}
