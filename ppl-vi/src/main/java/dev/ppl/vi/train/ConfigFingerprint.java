package dev.ppl.vi.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of a run, recorded in each checkpoint's metadata under {@code config.<key>}:
 * the optimizer's hyperparameters ({@code optimizer.<name>}), the gradient clipping norm, the
 * parameter names and shapes, and whatever the caller declared with {@link
 * TrainerBuilder#config} (model sizes, objective, data, batch size). A resume compares the
 * checkpoint's entries with the resuming run's and refuses any difference not explicitly allowed,
 * listing each key with both values.
 */
final class ConfigFingerprint {
    static final String PREFIX = "config.";

    private ConfigFingerprint() {}

    /** The differences between the checkpoint's configuration and {@code current}, minus {@code allowed}; throws if any. */
    static void requireMatch(Map<String, String> checkpointMetadata, Map<String, String> current, Set<String> allowed,
                             Object source) {
        Set<String> keys = new TreeSet<>();
        for (String k : checkpointMetadata.keySet()) {
            if (k.startsWith(PREFIX)) {
                keys.add(k.substring(PREFIX.length()));
            }
        }
        keys.addAll(current.keySet());
        List<String> differences = new ArrayList<>();
        for (String k : keys) {
            String saved = checkpointMetadata.get(PREFIX + k);
            String now = current.get(k);
            if (!allowed.contains(k) && (saved == null ? now != null : !saved.equals(now))) {
                differences.add(k + ": " + (saved == null ? "(absent)" : saved) + " in the checkpoint, "
                        + (now == null ? "(absent)" : now) + " in this run");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + source + " was written by a run with a different "
                    + "configuration, so resuming would not continue that run: " + String.join("; ", differences)
                    + ". Resume with the same settings, or allow a deliberate change with "
                    + "TrainerBuilder.allowConfigChange(key) (e.g. \"optimizer.lr\")");
        }
    }
}
