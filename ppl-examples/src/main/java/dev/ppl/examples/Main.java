package dev.ppl.examples;

import dev.ppl.examples.cli.Commands;
import java.io.PrintWriter;

/**
 * The entry point of the examples' command line ({@code vae}, {@code iwae}, {@code discrete},
 * {@code variance}, {@code air}, {@code bench});
 * see {@link Commands}. Exits with 0 on success, 2 for a bad option value, 1 for any other error
 * (missing or malformed data, ...), after printing one line on standard error.
 */
public final class Main {
    private Main() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = Commands.execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }
}
