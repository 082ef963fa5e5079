package dev.ppl.vi.engine;

/**
 * Raised by the first parallel-enumerated choice of a run whose objective has no known plate
 * nesting: the engine then finds the nesting with one sampling run of the program and starts
 * again (the enumeration dims must lie left of every plate dim the program will use).
 */
final class NestingUnknown extends Error {
    private static final long serialVersionUID = 1L;

    NestingUnknown() {
        super(null, null, false, false);
    }
}
