package dev.ppl.vi.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loop counters of a {@link Trainer} that a checkpoint must carry, besides the parameters
 * and the optimizer state, for an exact resume: the number of completed steps, the run's seed,
 * the best evaluation so far, the number of evaluations since it improved (the patience
 * counter), the number of skipped steps and how many of the last ones were skipped in a row.
 * Stored as checkpoint metadata strings; doubles are
 * written so that they parse back bit-exactly.
 */
final class TrainingState {
    static final String STEP = "train.step";
    static final String SEED = "train.seed";
    static final String BEST = "train.bestEvaluation";
    static final String SINCE_BEST = "train.evaluationsSinceBest";
    static final String SKIPPED = "train.skippedSteps";
    static final String SKIPPED_IN_A_ROW = "train.skippedInARow";

    long step;
    double best = Double.NEGATIVE_INFINITY;
    int sinceBest;
    long skipped;
    int skippedInARow;

    /** The metadata for a checkpoint of this state in a run with {@code seed}. */
    Map<String, String> toMetadata(long seed) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(STEP, Long.toString(step));
        m.put(SEED, Long.toString(seed));
        m.put(BEST, Double.toString(best));
        m.put(SINCE_BEST, Integer.toString(sinceBest));
        m.put(SKIPPED, Long.toString(skipped));
        m.put(SKIPPED_IN_A_ROW, Integer.toString(skippedInARow));
        return m;
    }

    /**
     * Reads the counters from checkpoint metadata written by {@link #toMetadata}, checking that
     * the checkpoint belongs to a run with {@code seed}.
     */
    static TrainingState fromMetadata(Map<String, String> m, long seed, Object source) {
        for (String k : new String[] {STEP, SEED, BEST, SINCE_BEST, SKIPPED, SKIPPED_IN_A_ROW}) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException("checkpoint " + source + " has no '" + k
                        + "' entry; it was not written by Trainer");
            }
        }
        long saved = Long.parseLong(m.get(SEED));
        if (saved != seed) {
            throw new IllegalArgumentException("checkpoint " + source + " was written by a run with seed " + saved
                    + ", but this trainer has seed " + seed + "; resuming would not reproduce the run");
        }
        TrainingState s = new TrainingState();
        s.step = Long.parseLong(m.get(STEP));
        s.best = Double.parseDouble(m.get(BEST));
        s.sinceBest = Integer.parseInt(m.get(SINCE_BEST));
        s.skipped = Long.parseLong(m.get(SKIPPED));
        s.skippedInARow = Integer.parseInt(m.get(SKIPPED_IN_A_ROW));
        return s;
    }
}
