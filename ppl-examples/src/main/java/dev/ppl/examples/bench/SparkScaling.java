package dev.ppl.examples.bench;

import dev.ppl.autodiff.optim.Adam;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.data.ImageData;
import dev.ppl.examples.data.TrainingRows;
import dev.ppl.examples.vae.GaussianVae;
import dev.ppl.examples.vae.SparkVae;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.spark.SparkContexts;
import dev.ppl.vi.spark.SparkGradients;
import dev.ppl.vi.spark.SparkStepTimings;
import dev.ppl.vi.spark.SparkTrainer;
import dev.ppl.vi.train.Minibatches;
import dev.ppl.vi.train.StepResult;
import dev.ppl.vi.train.Trainer;
import dev.ppl.vi.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The measurements of docs/distributed.md: milliseconds per training step of the MNIST VAE
 * (784-400-20, Adam, the embedded 8,000 training images) with the single-process
 * {@link Trainer} and with {@link SparkTrainer} on {@code local[1]} and {@code local[2]}, at
 * batch sizes 128 and 1000, in interleaved rounds (every case once per round, a fresh Spark
 * context per case), reporting the median over rounds of each round's median step, and for
 * Spark the median split of a step ({@link SparkStepTimings}). Arguments: rounds (default 3).
 * Run: {@code mvn -B -q -pl ppl-examples exec:exec@bench-spark} (after installing the modules).
 */
public final class SparkScaling {
    private static final int[] BATCHES = {128, 1000};
    private static final String[] MASTERS = {"single", "local[1]", "local[2]"};

    private SparkScaling() {}

    /** Runs the rounds and prints the table. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        ImageData data = ImageData.embedded();
        INDArray train = data.train().pixels();
        Map<String, List<Double>> perStep = new LinkedHashMap<>();
        Map<String, List<double[]>> splits = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String master : MASTERS) {
                for (int batch : BATCHES) {
                    String name = master + " batch " + batch;
                    double[] split = new double[5];
                    double ms = master.equals("single") ? single(train, batch) : spark(master, train, batch, split);
                    perStep.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
                    splits.computeIfAbsent(name, k -> new ArrayList<>()).add(split);
                    System.out.printf("round %d  %-20s %8.1f ms/step  split %s%n", r + 1, name, ms, Arrays.toString(split));
                    System.out.flush();
                }
            }
        }
        System.out.println();
        System.out.println("| case | ms/step (median of " + rounds + " rounds) | plan | job | slowest task | all tasks | apply |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String name : perStep.keySet()) {
            double[] s = new double[5];
            for (int k = 0; k < 5; k++) {
                int kk = k;
                s[k] = median(splits.get(name).stream().map(a -> a[kk]).toList());
            }
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", name, median(perStep.get(name)),
                    s[0], s[1], s[2], s[3], s[4]);
        }
    }

    private static int steps(int batch) {
        return batch >= 1000 ? 10 : 20;
    }

    private static int warmup(int batch) {
        return batch >= 1000 ? 3 : 5;
    }

    /** The single-process step: the library Trainer on binarized minibatches, in an arena. */
    private static double single(INDArray train, int batch) {
        GaussianVae vae = new GaussianVae(784, 20, 400, 1);
        StepClock clock = new StepClock(warmup(batch), null);
        Trainer.builder(Objectives.elbo(vae.problem(batch)), new Binarized(new Minibatches(train, batch, 1), 2), vae.params(),
                new Adam(1e-3)).seed(1).steps(warmup(batch) + steps(batch)).arena("bench-" + batch).listener(clock)
                .build().train();
        return clock.median();
    }

    /** The Spark step on {@code master}: SparkTrainer over an RDD of the training rows. */
    private static double spark(String master, INDArray train, int batch, double[] split) {
        JavaSparkContext sc = SparkContexts.create(master, "ppl spark scaling");
        try {
            int n = (int) train.size(0);
            try (SparkGradients<float[], INDArray> g = SparkGradients.over(new TrainingRows(null, n).rdd(sc, sc.defaultParallelism()),
                    new SparkVae(784, 20, 400, 1, batch, n), batch, 1)) {
                StepClock clock = new StepClock(warmup(batch), g);
                SparkTrainer.builder(g, new Adam(1e-3)).seed(1).steps(warmup(batch) + steps(batch)).listener(clock).build().train();
                double[] s = clock.medianSplit();
                System.arraycopy(s, 0, split, 0, s.length);
                return clock.median();
            }
        } finally {
            sc.stop();
        }
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Times each step after the warm-up (between consecutive onStep calls), with the Spark split. */
    private static final class StepClock implements TrainingListener {
        private final int warmup;
        private final SparkGradients<?, ?> gradients;
        private final List<Double> ms = new ArrayList<>();
        private final List<double[]> split = new ArrayList<>();
        private long last = System.nanoTime();

        StepClock(int warmup, SparkGradients<?, ?> gradients) {
            this.warmup = warmup;
            this.gradients = gradients;
        }

        @Override
        public void onStep(StepResult r) {
            long now = System.nanoTime();
            if (r.step() >= warmup) {
                ms.add((now - last) / 1e6);
                if (gradients != null) {
                    SparkStepTimings t = gradients.lastTimings();
                    split.add(new double[] {t.plan(), t.job(), t.slowestTask(), t.allTasks(), t.apply()});
                }
            }
            last = now;
        }

        double median() {
            return SparkScaling.median(ms);
        }

        double[] medianSplit() {
            double[] out = new double[5];
            for (int k = 0; k < 5; k++) {
                int kk = k;
                out[k] = SparkScaling.median(split.stream().map(a -> a[kk]).toList());
            }
            return out;
        }
    }
}
