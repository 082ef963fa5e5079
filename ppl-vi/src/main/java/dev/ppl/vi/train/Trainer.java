package dev.ppl.vi.train;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.io.Checkpoint;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.GradClip;
import dev.ppl.autodiff.optim.Optimizer;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training loop that maximizes an {@link Expectation} objective over the parameters of a
 * {@link Params}, one batch per step. Step \(s\) (0-based):
 * <ol>
 *   <li>takes the key {@code Rng.of(seed).fold(s)} and the batch {@code data.batch(s)}, both
 *       functions of the step alone;</li>
 *   <li>computes the gradient estimate of {@code objective} for the key and the batch, written
 *       <em>negated</em> straight into {@link Params#flatGrads()} (optimizers minimize) by
 *       {@code objective.gradEstimateInto(key, batch, params, -1)}; or, for a trainer built on a
 *       {@link GradientSource}, asks the source for the same quantity;</li>
 *   <li>if the value or the gradient is not finite, skips the update and reports why through
 *       {@link TrainingListener#onStep}, naming the first such parameter; too many skipped steps
 *       (in a row, or as a fraction) stop training with a {@link NonFiniteTrainingException}
 *       ({@link TrainerBuilder#skipLimits});</li>
 *   <li>otherwise clips the gradient norm (if configured) and calls {@link Optimizer#step}.</li>
 * </ol>
 * Every {@code evaluateEvery} steps it runs the {@link Evaluator} (and, with patience \(p\),
 * stops after \(p\) evaluations in a row without improvement); every {@code checkpointEvery}
 * steps it saves the parameters, the optimizer state and the loop counters atomically.
 * The first step checks that the objective reaches every parameter and no trainable value
 * outside them ({@link TrainerBuilder#allowUntrainedParameters}).
 *
 * <p><b>Exact resume.</b> Since keys and batches depend only on the seed and the step, a run of
 * \(N + M\) steps and a run of \(N\) steps, checkpointed, then {@link #resume resumed} by freshly
 * built objects for \(M\) more steps give bit-identical parameters. Checkpoints carry an
 * integrity check ({@link Checkpoint}) and a fingerprint of the run's configuration; a resume
 * refuses a corrupted file and a run configured differently ({@link TrainerBuilder#config}).
 *
 * <pre>{@code
 * Trainer<Minibatch> t = Trainer.builder(elbo, new Minibatches(x, 64, 1), params, new Adam(1e-2))
 *         .seed(7).steps(10_000).clipNorm(100)
 *         .evaluateEvery(500, done -> testElbo(params)).earlyStopping(5)
 *         .checkpointEvery(1000, Path.of("run.ckpt"))
 *         .listener(progressBar).build();
 * t.train();
 * }</pre>
 *
 * @param <B> the batch type (the objective's arguments)
 */
public final class Trainer<B> {
    private final TrainerBuilder<B> cfg;
    private final GradientSource gradients;
    private TrainingState state = new TrainingState();

    Trainer(TrainerBuilder<B> cfg) {
        this.cfg = cfg;
        this.gradients = cfg.source != null ? cfg.source : new ObjectiveGradients<>(cfg.objective, cfg.data, cfg.allowUntrained);
    }

    /** A builder for a trainer of {@code params} maximizing {@code objective} over {@code data}'s batches. */
    public static <B> TrainerBuilder<B> builder(Expectation<B> objective, DataSource<B> data, Params params,
                                                Optimizer optimizer) {
        return new TrainerBuilder<>(objective, data, params, optimizer);
    }

    /**
     * A builder for a trainer of {@code params} that takes each step's gradient estimate from
     * {@code source} (e.g. {@code dev.ppl.vi.spark.SparkGradients}) instead of an objective and a
     * data source in this process. The loop, the non-finite guard, clipping, evaluation,
     * checkpoints and resume are the same; the source's {@link GradientSource#configuration}
     * joins the checkpoints' fingerprint. The source checks its own parameter coverage, if any.
     */
    public static TrainerBuilder<Void> builder(GradientSource source, Params params, Optimizer optimizer) {
        return new TrainerBuilder<>(source, params, optimizer);
    }

    /**
     * Loads a checkpoint written by this kind of run (same parameter names and shapes, same
     * optimizer kind, same seed, same configuration fingerprint up to the allowed changes) into
     * the parameters, the optimizer and the loop counters, so that {@link #train} continues from
     * the saved step. Returns this trainer.
     *
     * @throws dev.ppl.autodiff.io.CheckpointException if the file is missing or fails its integrity check
     * @throws IllegalArgumentException naming every difference if the checkpoint belongs to another run
     */
    public Trainer<B> resume(Path checkpoint) {
        Checkpoint c = Checkpoint.load(checkpoint);
        TrainingState s = TrainingState.fromMetadata(c.metadata(), cfg.seed, checkpoint);
        ConfigFingerprint.requireMatch(c.metadata(), configuration(), cfg.allowedChanges, checkpoint);
        if (c.optimizer() == null) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " holds no optimizer state");
        }
        String kind = cfg.optimizer.state().kind();
        if (!c.optimizer().kind().equals(kind)) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " holds '" + c.optimizer().kind()
                    + "' optimizer state, but this trainer's optimizer is '" + kind + "'");
        }
        c.restoreInto(cfg.params);
        cfg.optimizer.restore(c.optimizer());
        state = s;
        return this;
    }

    /** The number of completed steps (after {@link #resume}, the step training continues from). */
    public long completedSteps() {
        return state.step;
    }

    /**
     * Runs steps until the step budget is reached or early stopping triggers. A trainer resumed
     * from a run that had already stopped early takes no further steps.
     */
    public TrainingResult train() {
        boolean stoppedEarly = cfg.patience > 0 && state.sinceBest >= cfg.patience;
        while (state.step < cfg.steps && !stoppedEarly) {
            trainStep(state.step);
            state.step++;
            long done = state.step;
            if (cfg.evaluator != null && done % cfg.evaluateEvery == 0) {
                stoppedEarly = evaluate(done);
            }
            if (cfg.checkpointFile != null && done % cfg.checkpointEvery == 0) {
                save(cfg.checkpointFile);
                for (TrainingListener l : cfg.listeners) {
                    l.onCheckpoint(done, cfg.checkpointFile);
                }
            }
        }
        TrainingResult r = new TrainingResult(state.step, stoppedEarly, state.best, state.skipped);
        for (TrainingListener l : cfg.listeners) {
            l.onFinish(r);
        }
        return r;
    }

    /**
     * Saves the current parameters, optimizer state, loop counters and configuration fingerprint
     * to {@code file} atomically.
     */
    public void save(Path file) {
        Map<String, String> meta = state.toMetadata(cfg.seed);
        configuration().forEach((k, v) -> meta.put(ConfigFingerprint.PREFIX + k, v));
        Checkpoint.of(cfg.params, cfg.optimizer.state(), meta).save(file);
    }

    /** The run's configuration fingerprint: declared entries, optimizer hyperparameters, clipping, parameter shapes. */
    private Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>(cfg.config);
        if (cfg.source != null) {
            cfg.source.configuration().forEach((k, v) -> c.put("source." + k, v));
        }
        cfg.optimizer.hyperparameters().forEach((k, v) -> c.put("optimizer." + k, v));
        c.put("clipNorm", Double.toString(cfg.clipNorm));
        StringBuilder shapes = new StringBuilder();
        for (String n : cfg.params.names()) {
            shapes.append(shapes.length() == 0 ? "" : " ").append(n).append(Arrays.toString(cfg.params.get(n).shape()));
        }
        c.put("parameters", shapes.toString());
        return c;
    }

    private void trainStep(long step) {
        Params params = cfg.params;
        double value;
        if (cfg.arenaId != null) {
            try (Arena ignored = Arena.open(cfg.arenaId)) {
                value = estimateInto(step);
            }
        } else {
            value = estimateInto(step);
        }
        double norm = params.gradNorm();
        String reason = NonFiniteGuard.reason(step, value, norm, params);
        if (reason != null) {
            state.skipped++;
            state.skippedInARow++;
            params.zeroGrads();
            requireWithinSkipLimits(step, reason);
        } else {
            state.skippedInARow = 0;
            if (cfg.clipNorm > 0) {
                GradClip.clipNorm(params, cfg.clipNorm);
            }
            cfg.optimizer.step(params);
        }
        StepResult r = new StepResult(step, value, norm, reason != null, reason);
        for (TrainingListener l : cfg.listeners) {
            l.onStep(r);
        }
    }

    /** Writes the negated gradient estimate of step {@code step} into the gradient buffer; returns the value. */
    private double estimateInto(long step) {
        return gradients.estimateInto(step, Rng.of(cfg.seed).fold(step), cfg.params, -1.0);
    }

    /** Throws if the skipped steps, counting step {@code step}'s, exceed the configured limits. */
    private void requireWithinSkipLimits(long step, String reason) {
        long taken = step + 1;
        boolean inARow = state.skippedInARow >= cfg.maxSkippedInARow;
        boolean fraction = taken * cfg.maxSkippedFraction >= 1 && state.skipped > cfg.maxSkippedFraction * taken;
        if (!inARow && !fraction) {
            return;
        }
        String rule = inARow
                ? state.skippedInARow + " steps in a row were skipped (limit " + cfg.maxSkippedInARow + ")"
                : state.skipped + " of " + taken + " steps were skipped, more than the limit of "
                        + cfg.maxSkippedFraction * 100 + "%";
        throw new NonFiniteTrainingException(step, "Trainer stopped at step " + step + ": " + rule + ". Last: "
                + reason + "; its batch: " + gradients.describeBatch(step)
                + ". Check the data for NaN or infinite entries, lower the learning rate, or clip gradients; "
                + "TrainerBuilder.skipLimits(inARow, fraction) sets the limits");
    }

    /** Runs the evaluator; returns whether early stopping triggers. */
    private boolean evaluate(long done) {
        double v = cfg.evaluator.evaluate(done);
        if (v > state.best) {
            state.best = v;
            state.sinceBest = 0;
        } else {
            state.sinceBest++;
        }
        for (TrainingListener l : cfg.listeners) {
            l.onEvaluation(done, v);
        }
        return cfg.patience > 0 && state.sinceBest >= cfg.patience;
    }

    /** The listeners, in registration order. */
    public List<TrainingListener> listeners() {
        return List.copyOf(cfg.listeners);
    }
}
