package dev.ppl.examples.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The labels text file of multi-MNIST, checked against the object counts: line \(i\) (1-based
 * \(i + 1\)) holds the labels of image \(i\), digits {@code 0}-{@code 9} separated by single
 * spaces, as many as the image's count (an empty line for an empty scene); there are exactly as
 * many lines as images (a final line break is optional). The file may be gzip-compressed
 * (detected from the gzip magic bytes). Every violation is an {@link IdxFormatException} naming
 * the file and the line.
 */
final class SceneLabels {
    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int CLASSES = 10;

    private SceneLabels() {}

    /**
     * The labels of each image, read from {@code raw} ({@code name} identifies it in errors) and
     * checked against {@code counts}, read from the file {@code countsName}.
     */
    static int[][] read(InputStream raw, String name, int[] counts, String countsName) {
        int[][] labels = new int[counts.length][];
        int lines = 0;
        try (BufferedReader in = reader(raw)) {
            for (String line = in.readLine(); line != null; line = in.readLine(), lines++) {
                if (lines < counts.length) {
                    labels[lines] = parse(line, lines, name, counts[lines], countsName);
                }
            }
        } catch (IOException e) {
            throw IdxFormatException.inText(name, "the contents", "unreadable after " + lines + " line(s) (" + e.getMessage() + ")",
                    "a complete text file, plain or gzip", "the file is damaged or incomplete: copy it again");
        }
        if (lines != counts.length) {
            throw IdxFormatException.inText(name, "the number of lines", String.valueOf(lines),
                    counts.length + ", the image count of " + countsName,
                    lines < counts.length ? "the file is truncated: copy it again"
                            : "use the labels file that belongs to these images (all three files from one generator run)");
        }
        return labels;
    }

    private static BufferedReader reader(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        InputStream in = ((b0 << 8) | b1) == GZIP_MAGIC ? new GZIPInputStream(buffered) : buffered;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static int[] parse(String line, int image, String name, int count, String countsName) {
        String field = "line " + (image + 1) + " (image " + image + ")";
        String[] tokens = line.isEmpty() ? new String[0] : line.split(" ", -1);
        int[] labels = new int[tokens.length];
        for (int k = 0; k < tokens.length; k++) {
            if (tokens[k].length() != 1 || tokens[k].charAt(0) < '0' || tokens[k].charAt(0) >= '0' + CLASSES) {
                throw IdxFormatException.inText(name, field, quote(line), "digit labels 0 to 9 separated by single spaces",
                        "the file is damaged, or not a multi-MNIST labels file");
            }
            labels[k] = tokens[k].charAt(0) - '0';
        }
        if (labels.length != count) {
            throw IdxFormatException.inText(name, field, quote(line) + " (" + labels.length + " label(s))",
                    count + " label(s), the count of image " + image + " in " + countsName,
                    "use the labels file that belongs to these counts (all three files from one generator run)");
        }
        return labels;
    }

    private static String quote(String line) {
        String shown = line.length() > 40 ? line.substring(0, 40) + "..." : line;
        return "\"" + shown + "\"";
    }
}
