package dev.ppl.examples.cli;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.examples.data.Binarized;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.spark.SparkGradients;
import dev.ppl.vi.spark.SparkTrainer;
import dev.ppl.vi.train.DataSource;
import dev.ppl.vi.train.Evaluator;
import dev.ppl.vi.train.Minibatches;
import dev.ppl.vi.train.Trainer;
import dev.ppl.vi.train.TrainerBuilder;
import dev.ppl.vi.train.TrainingListener;
import dev.ppl.vi.train.TrainingResult;
import java.io.PrintWriter;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training run with the library's {@link Trainer}: Adam on {@code params}, dynamically
 * binarized minibatches of the training images, every step inside an arena, the test evaluation
 * after every epoch, a progress bar, and optional checkpoints and resume.
 */
final class Session {
    /** What a run produced. */
    record Result(TrainingResult training, ProgressListener progress, double seconds, long stepsRun, int firstEpoch) {}

    private Session() {}

    /**
     * The training batches of a run: minibatches of {@code trainPixels} shuffled by the seed,
     * binarized afresh at every step with the seed plus one (a pure function of the step).
     */
    static Binarized batches(CommonOptions o, INDArray trainPixels) {
        return new Binarized(new Minibatches(trainPixels, o.batchSize, o.seed), o.seed + 1);
    }

    /**
     * Trains; {@code run} describes the run for the checkpoints' configuration fingerprint
     * (command, model, objective, data), to which this adds the epochs, the batch size and the
     * seed, so that {@code --resume} refuses a checkpoint of a differently configured run unless
     * {@code --allow-change} names the difference.
     */
    static Result train(CommonOptions o, Expectation<INDArray> objective, Params params, INDArray trainPixels,
                        int epochs, String label, Evaluator testElbo, Map<String, String> run, PrintWriter out,
                        TrainingListener... extra) {
        Binarized data = batches(o, trainPixels);
        return train(o, objective, params, data, data.minibatches().batchesPerEpoch(), epochs, label, testElbo, run, out, extra);
    }

    /** {@link #train}, with the batches of {@code data} ({@code perEpoch} to an epoch) as they are. */
    static Result train(CommonOptions o, Expectation<INDArray> objective, Params params, DataSource<INDArray> data,
                        long perEpoch, int epochs, String label, Evaluator testElbo, Map<String, String> run, PrintWriter out,
                        TrainingListener... extra) {
        return run(o, Trainer.builder(objective, data, params, new Adam(o.lr)), perEpoch, epochs, label, testElbo, run, out,
                extra);
    }

    /**
     * Trains on Spark: the step gradients of {@code gradients} (its driver parameters, Adam on the
     * driver), with the progress, evaluation, checkpoints and resume of {@link #train}.
     */
    static Result trainSpark(CommonOptions o, SparkGradients<?, ?> gradients, int epochs, String label, Evaluator testElbo,
                             Map<String, String> run, PrintWriter out) {
        return run(o, SparkTrainer.builder(gradients, new Adam(o.lr)), gradients.batchesPerEpoch(), epochs, label, testElbo,
                run, out);
    }

    private static <B> Result run(CommonOptions o, TrainerBuilder<B> b, long perEpoch, int epochs, String label,
                                  Evaluator testElbo, Map<String, String> run, PrintWriter out, TrainingListener... extra) {
        ProgressListener progress = new ProgressListener(out, o.noProgress ? null : o.spec.commandLine().getErr(),
                label, perEpoch, epochs, o.batchSize);
        b.seed(o.seed).steps(epochs * perEpoch).arena("train-" + o.batchSize)
                .evaluateEvery(Math.toIntExact(perEpoch), testElbo)
                .listener(progress);
        run.forEach(b::config);
        b.config("command", o.spec.qualifiedName()).config("epochs", epochs).config("batchSize", o.batchSize)
                .config("seed", o.seed);
        for (String setting : o.allowChange) {
            b.allowConfigChange(CommonOptions.RESUMABLE_CHANGES.get(setting));
        }
        for (TrainingListener l : extra) {
            b.listener(l);
        }
        if (o.checkpoint != null) {
            b.checkpointEvery(Math.toIntExact(perEpoch), o.checkpoint.toAbsolutePath());
        }
        Trainer<B> trainer = b.build();
        if (o.resume != null) {
            trainer.resume(o.resume);
            out.printf("resumed from %s at step %d%n", o.resume, trainer.completedSteps());
        }
        long start = trainer.completedSteps();
        long t0 = System.nanoTime();
        TrainingResult r = trainer.train();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long ran = r.steps() - start;
        out.printf("trained %d steps (%d per epoch, batch %d) in %.1f s, %.1f ms/step%n", ran, perEpoch, o.batchSize,
                seconds, ran == 0 ? 0.0 : 1e3 * seconds / ran);
        return new Result(r, progress, seconds, ran, (int) (start / perEpoch) + 1);
    }
}
