package dev.ppl.autodiff.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppl.autodiff.nn.Init;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that is not byte for byte what {@link Checkpoint#save} wrote is refused with
 * {@link CorruptCheckpointException} naming the file: one flipped bit at every offset, truncation
 * to every length, zeroed ranges, appended bytes, foreign files; and a crafted file whose digest
 * matches but whose sizes lie is refused without allocating what they claim.
 */
class CheckpointCorruptionTest {
    @TempDir
    Path dir;
    private Path file;
    private byte[] good;

    @BeforeEach
    void writeOne() throws IOException {
        Params.Builder b = Params.builder(1);
        b.add("dec/w", Init.normal(1), 5, 7);
        b.add("dec/b", Init.normal(1), 7);
        Params p = b.build();
        Adam adam = new Adam(0.01);
        p.flatGrads().assign(0.5);
        adam.step(p);
        file = dir.resolve("run.ckpt");
        Checkpoint.of(p, adam.state(), Map.of("train.step", "20")).save(file);
        good = Files.readAllBytes(file);
        Checkpoint.load(file);  // the intact file loads
    }

    private CorruptCheckpointException refused(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void aFlippedBitAtEveryOffsetIsRefused() throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        for (int offset = 0; offset < good.length; offset++) {
            byte[] bad = good.clone();
            bad[offset] ^= (byte) (1 << rng.nextInt(8));
            refused(bad);
        }
    }

    @Test
    void truncationToEveryLengthIsRefused() throws IOException {
        for (int length = 0; length < good.length; length++) {
            refused(Arrays.copyOf(good, length));
        }
    }

    @Test
    void zeroedRangesAndAppendedBytesAreRefused() throws IOException {
        for (int start = 0; start < good.length; start += 37) {
            byte[] bad = good.clone();
            Arrays.fill(bad, start, Math.min(bad.length, start + 64), (byte) 0);
            if (!Arrays.equals(bad, good)) {
                refused(bad);
            }
        }
        refused(new byte[4096]);
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        String m = refused(longer).getMessage();
        assertTrue(m.contains("integrity check"), m);
    }

    @Test
    void scaledWeightsAndAnEditedStepAreRefused() throws IOException {
        byte[] edited = new String(good, StandardCharsets.ISO_8859_1).replace("20", "90").getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(Arrays.equals(edited, good));
        String m = refused(edited).getMessage();
        assertTrue(m.contains("SHA-256") && m.contains("modified or corrupted"), m);
    }

    @Test
    void foreignFilesAreNamedAsSuch() throws IOException {
        String m = refused("#!/bin/sh\necho this is a shell script, not a checkpoint\n".getBytes(StandardCharsets.US_ASCII))
                .getMessage();
        assertTrue(m.contains("not a ppl checkpoint") && m.contains("23 21 2f 62"), m);
        assertTrue(refused(new byte[0]).getMessage().contains("empty"));
    }

    @Test
    void aFormatOneFileIsRefusedAsUnverifiable() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("ppl-checkpoint");
        out.writeInt(1);
        out.writeInt(0);
        Files.write(file, bytes.toByteArray());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("format 1") && e.getMessage().contains("no integrity check"), e.getMessage());
    }

    /** A rank of 0x7f000000 with a recomputed digest: refused by the bounds, not by OutOfMemoryError. */
    @Test
    void craftedSizesWithAMatchingDigestAreBoundedByTheFile() throws Exception {
        int rankAt = 8 + 4 + 4 + 4 + "dec/w".length() + 1;  // magic, version, count, name length, name, type
        assertEquals(2, ByteBuffer.wrap(good, rankAt, 4).getInt(), "the test's offset must point at dec/w's rank");
        for (int[] lie : new int[][] {{rankAt, 0x7f000000}, {rankAt + 4, 0x7f000000}, {16, Integer.MAX_VALUE},
                                      {12, 0x7fffffff}, {12, -1}}) {
            byte[] bad = good.clone();
            ByteBuffer.wrap(bad).putInt(lie[0], lie[1]);
            resign(bad);
            String m = refused(bad).getMessage();
            assertTrue(m.contains("malformed although its digest matches"), m);
        }
    }

    /** Rewrites the trailer's digest to match the (altered) contents, as a forger would. */
    private static void resign(byte[] bytes) throws Exception {
        int length = bytes.length - CheckpointFormat.TRAILER;
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, length));
        System.arraycopy(digest, 0, bytes, length + Long.BYTES, 32);
    }

    @Test
    void aStaleTemporaryFromAKilledSaveIsRemovedByTheNextSave() throws IOException {
        Path stale = Checkpoint.temporaryFor(file.toAbsolutePath());
        Path older = dir.resolve("run.ckpt1234567890.tmp");
        Path unrelated = dir.resolve("run.ckpt-notes.tmp");
        Files.write(stale, new byte[1000]);
        Files.write(older, new byte[1000]);
        Files.write(unrelated, new byte[10]);
        Checkpoint.load(file).save(file);
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(older));
        assertTrue(Files.exists(unrelated));
        Checkpoint.load(file);
    }

    @Test
    void anUnwritableTargetNamesTheReasonAndKeepsNoTemporary() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file, not a directory");
        Checkpoint c = Checkpoint.load(file);
        CheckpointException e = assertThrows(CheckpointException.class, () -> c.save(blocker.resolve("run.ckpt")));
        assertTrue(e.getMessage().contains("blocker") && e.getMessage().contains("not a directory"), e.getMessage());
    }
}
