package dev.ppl.vi.train;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.io.Checkpoint;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.GradClip;
import dev.ppl.autodiff.optim.Optimizer;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import java.nio.file.Path;
import java.util.List;

/**
 * A training loop that maximizes an {@link Expectation} objective over the parameters of a
 * {@link Params}, one batch per step. Step \(s\) (0-based):
 * <ol>
 *   <li>takes the key {@code Rng.of(seed).fold(s)} and the batch {@code data.batch(s)}, both
 *       functions of the step alone;</li>
 *   <li>computes the gradient estimate of {@code objective} for the key and the batch, written
 *       <em>negated</em> straight into {@link Params#flatGrads()} (optimizers minimize) by
 *       {@code objective.gradEstimateInto(key, batch, params, -1)};</li>
 *   <li>if the value or the gradient is not finite, skips the update and reports why through
 *       {@link TrainingListener#onStep}, naming the first such parameter;</li>
 *   <li>otherwise clips the gradient norm (if configured) and calls {@link Optimizer#step}.</li>
 * </ol>
 * Every {@code evaluateEvery} steps it runs the {@link Evaluator} (and, with patience \(p\),
 * stops after \(p\) evaluations in a row without improvement); every {@code checkpointEvery}
 * steps it saves the parameters, the optimizer state and the loop counters atomically.
 *
 * <p><b>Exact resume.</b> Since keys and batches depend only on the seed and the step, a run of
 * \(N + M\) steps and a run of \(N\) steps, checkpointed, then {@link #resume resumed} by freshly
 * built objects for \(M\) more steps give bit-identical parameters.
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
    private TrainingState state = new TrainingState();

    Trainer(TrainerBuilder<B> cfg) {
        this.cfg = cfg;
    }

    /** A builder for a trainer of {@code params} maximizing {@code objective} over {@code data}'s batches. */
    public static <B> TrainerBuilder<B> builder(Expectation<B> objective, DataSource<B> data, Params params,
                                                Optimizer optimizer) {
        return new TrainerBuilder<>(objective, data, params, optimizer);
    }

    /**
     * Loads a checkpoint written by this kind of run (same parameter names and shapes, same
     * optimizer kind, same seed) into the parameters, the optimizer and the loop counters, so
     * that {@link #train} continues from the saved step. Returns this trainer.
     */
    public Trainer<B> resume(Path checkpoint) {
        Checkpoint c = Checkpoint.load(checkpoint);
        TrainingState s = TrainingState.fromMetadata(c.metadata(), cfg.seed, checkpoint);
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

    /** Saves the current parameters, optimizer state and loop counters to {@code file} atomically. */
    public void save(Path file) {
        Checkpoint.of(cfg.params, cfg.optimizer.state(), state.toMetadata(cfg.seed)).save(file);
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
        double norm = dev.ppl.autodiff.BlasReductions.norm2(params.flatGrads());
        String reason = NonFiniteGuard.reason(step, value, norm, params);
        if (reason != null) {
            state.skipped++;
            params.zeroGrads();
        } else {
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
        B batch = cfg.data.batch(step);
        Rng key = Rng.of(cfg.seed).fold(step);
        return cfg.objective.gradEstimateInto(key, batch, cfg.params, -1.0);
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
