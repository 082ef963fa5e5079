package dev.ppl.vi.train;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Optimizer;
import dev.ppl.vi.Expectation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures a {@link Trainer}: the objective, data, parameters and optimizer are required
 * ({@link Trainer#builder}); the rest are optional. Defaults: seed 0, 1000 steps, no clipping, no
 * evaluation, no early stopping, no checkpoints, no arena; training stops with an error after 10
 * skipped (non-finite) steps in a row or when more than 5% of the steps taken were skipped
 * ({@link #skipLimits}); the first step checks that the objective reaches every parameter and no
 * other trainable value ({@link #allowUntrainedParameters}). Each setter validates its argument
 * and returns this builder.
 *
 * @param <B> the batch type
 */
public final class TrainerBuilder<B> {
    final Expectation<B> objective;
    final DataSource<B> data;
    final GradientSource source;
    final Params params;
    final Optimizer optimizer;
    long seed;
    long steps = 1000;
    double clipNorm;
    int evaluateEvery;
    Evaluator evaluator;
    int patience;
    int checkpointEvery;
    Path checkpointFile;
    String arenaId;
    int maxSkippedInARow = 10;
    double maxSkippedFraction = 0.05;
    boolean allowUntrained;
    final Map<String, String> config = new LinkedHashMap<>();
    final Set<String> allowedChanges = new LinkedHashSet<>();
    final List<TrainingListener> listeners = new ArrayList<>();

    TrainerBuilder(Expectation<B> objective, DataSource<B> data, Params params, Optimizer optimizer) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.data = Objects.requireNonNull(data, "data");
        this.source = null;
        this.params = Objects.requireNonNull(params, "params");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    TrainerBuilder(GradientSource source, Params params, Optimizer optimizer) {
        this.objective = null;
        this.data = null;
        this.source = Objects.requireNonNull(source, "source");
        this.params = Objects.requireNonNull(params, "params");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /** The run's seed: step {@code s} uses the key {@code Rng.of(seed).fold(s)}. */
    public TrainerBuilder<B> seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The total number of steps (counted from step 0, so a resumed run stops at the same step). */
    public TrainerBuilder<B> steps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("Trainer: steps must be non-negative, got " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** Clips the gradient to Euclidean norm {@code maxNorm} before each update ({@code GradClip.clipNorm}). */
    public TrainerBuilder<B> clipNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("Trainer: clipNorm must be positive and finite, got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /** Runs {@code evaluator} after every {@code every} completed steps (larger values are better). */
    public TrainerBuilder<B> evaluateEvery(int every, Evaluator evaluator) {
        if (every <= 0) {
            throw new IllegalArgumentException("Trainer: evaluateEvery must be positive, got " + every);
        }
        this.evaluateEvery = every;
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        return this;
    }

    /**
     * Stops once {@code patience} evaluations in a row have not improved on the best so far
     * (strictly larger counts as an improvement). Needs {@link #evaluateEvery}.
     */
    public TrainerBuilder<B> earlyStopping(int patience) {
        if (patience <= 0) {
            throw new IllegalArgumentException("Trainer: patience must be positive, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** Saves a checkpoint to {@code file} (atomically, replacing the previous one) every {@code every} steps. */
    public TrainerBuilder<B> checkpointEvery(int every, Path file) {
        if (every <= 0) {
            throw new IllegalArgumentException("Trainer: checkpointEvery must be positive, got " + every);
        }
        this.checkpointEvery = every;
        this.checkpointFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Runs each step's gradient estimate inside the {@code dev.ppl.autodiff.Arena} named
     * {@code id}, so its temporaries are reclaimed at once. The objective and data source must
     * then not keep arrays created during a step beyond it.
     */
    public TrainerBuilder<B> arena(String id) {
        this.arenaId = Objects.requireNonNull(id, "id");
        return this;
    }

    /**
     * When skipped steps stop training with a {@link NonFiniteTrainingException}: after
     * {@code inARow} skipped steps in a row, or when the skipped steps exceed the fraction
     * {@code fraction} of the steps taken (checked once at least \(1/\text{fraction}\) steps were
     * taken, so a single skipped step never trips it). Defaults 10 and 0.05.
     */
    public TrainerBuilder<B> skipLimits(int inARow, double fraction) {
        if (inARow < 1 || !(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("Trainer: skipLimits needs inARow >= 1 and fraction in (0, 1], got inARow="
                    + inARow + ", fraction=" + fraction);
        }
        this.maxSkippedInARow = inARow;
        this.maxSkippedFraction = fraction;
        return this;
    }

    /**
     * Allows parameters that the objective does not reach, and trainable values outside the
     * {@code Params} (e.g. trained by another optimizer in alternating schemes); by default the
     * first step refuses both, naming them.
     */
    public TrainerBuilder<B> allowUntrainedParameters() {
        this.allowUntrained = true;
        return this;
    }

    /**
     * Declares a configuration entry of the run (model sizes, objective, data set, batch size...)
     * for the checkpoints' fingerprint: {@link Trainer#resume} refuses a checkpoint whose entries
     * differ from this run's. The optimizer's hyperparameters ({@code optimizer.<name>}), the
     * clipping norm ({@code clipNorm}) and the parameter shapes ({@code parameters}) are recorded
     * without being declared.
     */
    public TrainerBuilder<B> config(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("Trainer: a config key must not be blank");
        }
        config.put(key, String.valueOf(value));
        return this;
    }

    /** Lets a resume change the configuration entries {@code keys} (e.g. {@code "optimizer.lr"}, {@code "epochs"}). */
    public TrainerBuilder<B> allowConfigChange(String... keys) {
        for (String k : keys) {
            allowedChanges.add(Objects.requireNonNull(k, "key"));
        }
        return this;
    }

    /** Adds a listener (called in registration order). */
    public TrainerBuilder<B> listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The trainer; throws if early stopping was requested without an evaluator. */
    public Trainer<B> build() {
        if (patience > 0 && evaluator == null) {
            throw new IllegalArgumentException("Trainer: earlyStopping needs evaluateEvery(every, evaluator)");
        }
        return new Trainer<>(copy());
    }

    /** A snapshot, so that later changes to this builder do not affect a built trainer. */
    private TrainerBuilder<B> copy() {
        TrainerBuilder<B> c = source != null ? new TrainerBuilder<>(source, params, optimizer)
                : new TrainerBuilder<>(objective, data, params, optimizer);
        c.seed = seed;
        c.steps = steps;
        c.clipNorm = clipNorm;
        c.evaluateEvery = evaluateEvery;
        c.evaluator = evaluator;
        c.patience = patience;
        c.checkpointEvery = checkpointEvery;
        c.checkpointFile = checkpointFile;
        c.arenaId = arenaId;
        c.maxSkippedInARow = maxSkippedInARow;
        c.maxSkippedFraction = maxSkippedFraction;
        c.allowUntrained = allowUntrained;
        c.config.putAll(config);
        c.allowedChanges.addAll(allowedChanges);
        c.listeners.addAll(listeners);
        return c;
    }
}
