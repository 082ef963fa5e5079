package dev.ppl.examples.cli;

import dev.ppl.vi.train.StepResult;
import dev.ppl.vi.train.TrainingListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A console progress bar per epoch with the running mean of the objective per image (the step's
 * estimate divided by the batch size), redrawn in place (carriage return) at most ten times a
 * second, and a summary line per epoch on {@code out}. Also collects
 * the per-epoch training means and test evaluations for the training curve.
 */
final class ProgressListener implements TrainingListener {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final PrintWriter bar;
    private final String label;
    private final long stepsPerEpoch;
    private final long epochs;
    private final int batchSize;
    private final List<Double> trainCurve = new ArrayList<>();
    private final List<Double> testCurve = new ArrayList<>();
    private double sum;
    private long count;
    private long skipped;
    private long epochStart = System.nanoTime();
    private long lastDraw;

    /** Reports on {@code out}; draws the live bar on {@code bar} (null for none). */
    ProgressListener(PrintWriter out, PrintWriter bar, String label, long stepsPerEpoch, long epochs, int batchSize) {
        this.out = out;
        this.bar = bar;
        this.label = label;
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    @Override
    public void onStep(StepResult r) {
        if (r.skipped()) {
            skipped++;
        } else {
            sum += r.objective() / batchSize;
            count++;
        }
        long inEpoch = r.step() % stepsPerEpoch + 1;
        long now = System.nanoTime();
        if (bar != null && (now - lastDraw > 100_000_000L || inEpoch == stepsPerEpoch)) {
            lastDraw = now;
            int filled = (int) (WIDTH * inEpoch / stepsPerEpoch);
            bar.printf("\repoch %d/%d [%s%s] %d/%d  %s %.2f nats  %.1f s ", epoch(r.step()), epochs,
                    "=".repeat(filled), " ".repeat(WIDTH - filled), inEpoch, stepsPerEpoch, label, mean(),
                    (now - epochStart) / 1e9);
            bar.flush();
        }
    }

    @Override
    public void onEvaluation(long completedSteps, double value) {
        if (bar != null) {
            bar.print("\r" + " ".repeat(100) + "\r");
            bar.flush();
        }
        trainCurve.add(mean());
        testCurve.add(value);
        out.printf("epoch %d/%d  train %s %.2f  test ELBO %.2f nats/image%s  (%.1f s)%n", completedSteps / stepsPerEpoch,
                epochs, label, mean(), value, skipped > 0 ? "  skipped steps " + skipped : "",
                (System.nanoTime() - epochStart) / 1e9);
        out.flush();
        sum = 0;
        count = 0;
        epochStart = System.nanoTime();
    }

    private long epoch(long step) {
        return step / stepsPerEpoch + 1;
    }

    private double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The mean training objective per image of each completed epoch. */
    List<Double> trainCurve() {
        return trainCurve;
    }

    /** The test ELBO per image after each completed epoch. */
    List<Double> testCurve() {
        return testCurve;
    }
}
