package dev.ppl.examples.cli;

import dev.ppl.vi.train.StepResult;
import dev.ppl.vi.train.TrainingListener;
import dev.ppl.vi.train.TrainingResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch (the {@code progressbar} library, redrawn in place at most ten
 * times a second) with the running mean of the objective per image (the step's estimate divided
 * by the batch size), and a summary line per epoch on {@code out}. Also collects
 * the per-epoch training means and test evaluations for the training curve.
 */
final class ProgressListener implements TrainingListener {
    private static final int WIDTH = 100;
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
    private ProgressBar progressBar;

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
        if (bar != null) {
            if (progressBar == null) {
                progressBar = new ProgressBarBuilder().setTaskName("epoch " + epoch(r.step()) + "/" + epochs)
                        .setInitialMax(stepsPerEpoch).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100)
                        .setConsumer(new DelegatingProgressBarConsumer(this::draw, WIDTH)).build();
            }
            progressBar.stepTo(inEpoch);
            progressBar.setExtraMessage(String.format("%s %.2f nats", label, mean()));
        }
    }

    private synchronized void draw(String line) {
        bar.print("\r" + line);
        bar.flush();
    }

    @Override
    public void onEvaluation(long completedSteps, double value) {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
            draw(" ".repeat(WIDTH) + "\r");
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

    @Override
    public void onFinish(TrainingResult result) {
        if (progressBar != null) {
            progressBar.close(); // training stopped inside an epoch (early stop or a step budget)
            progressBar = null;
            draw(System.lineSeparator());
        }
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
