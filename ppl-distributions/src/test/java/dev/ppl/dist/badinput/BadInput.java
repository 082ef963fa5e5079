package dev.ppl.dist.badinput;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * One row of the bad-input tables: an action that must fail with an exception of {@code type}
 * whose message contains every one of {@code fragments} (the family, the offending value or
 * element, the shapes).
 */
record BadInput(String label, Executable action, Class<? extends Throwable> type, List<String> fragments) {
    /** An {@link IllegalArgumentException} whose message contains {@code fragments}. */
    static BadInput illegal(String label, Executable action, String... fragments) {
        return new BadInput(label, action, IllegalArgumentException.class, List.of(fragments));
    }

    /** Runs the action and checks the exception's type and message. */
    void assertRejected() {
        Throwable e = assertThrows(type, action, label + ": no " + type.getSimpleName());
        String m = String.valueOf(e.getMessage());
        for (String f : fragments) {
            assertTrue(m.contains(f), label + ": the message lacks \"" + f + "\": " + m);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
