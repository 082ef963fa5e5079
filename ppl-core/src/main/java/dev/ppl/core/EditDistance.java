package dev.ppl.core;

/**
 * The optimal-string-alignment distance between two strings: the fewest single-character
 * insertions, deletions, substitutions and transpositions of adjacent characters that turn one
 * into the other ({@code "sigma"} and {@code "sigam"} are 1 apart). Used to suggest the visited
 * address a mistyped one was meant to be.
 */
final class EditDistance {
    private EditDistance() {}

    /** The distance between {@code a} and {@code b}, in \(O(|a| |b|)\) time. */
    static int of(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
