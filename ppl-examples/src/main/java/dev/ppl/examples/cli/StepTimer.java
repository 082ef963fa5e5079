package dev.ppl.examples.cli;

import dev.ppl.vi.train.StepResult;
import dev.ppl.vi.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Wall time per training step, without the evaluations and checkpoints between steps: the time
 * from one step's end to the next one's, for every pair with nothing else in between (the first
 * step, with its warm-up, is not timed). Reports the median.
 */
final class StepTimer implements TrainingListener {
    private final List<Double> millis = new ArrayList<>();
    private long last = -1;

    @Override
    public void onStep(StepResult result) {
        long now = System.nanoTime();
        if (last >= 0) {
            millis.add((now - last) / 1e6);
        }
        last = now;
    }

    @Override
    public void onEvaluation(long completedSteps, double value) {
        last = -1;
    }

    @Override
    public void onCheckpoint(long completedSteps, Path path) {
        last = -1;
    }

    /** The median of the timed steps in milliseconds (NaN if none was timed). */
    double medianMillis() {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(millis);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
    }

    /** The number of timed steps. */
    int timedSteps() {
        return millis.size();
    }
}
