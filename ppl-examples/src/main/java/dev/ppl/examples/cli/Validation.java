package dev.ppl.examples.cli;

/** Checks of integer options, failing with a picocli parameter error that names the option and value. */
final class Validation {
    private Validation() {}

    static void positive(CommonOptions o, String option, int value) {
        if (value <= 0) {
            throw o.bad(option + " must be positive, got " + value);
        }
    }

    static void nonNegative(CommonOptions o, String option, int value) {
        if (value < 0) {
            throw o.bad(option + " must be non-negative, got " + value);
        }
    }
}
