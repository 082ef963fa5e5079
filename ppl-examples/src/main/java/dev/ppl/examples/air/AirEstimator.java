package dev.ppl.examples.air;

import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.PerDataPoint;
import dev.ppl.vi.strategy.Strategies;
import dev.ppl.vi.strategy.Strategy;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient estimators of AIR's discrete presence choices {@code z_pres_t}; the continuous
 * choices are reparameterized in all of them. Every one but {@link #RWS} trains the same
 * objective program, the per-image ELBO ({@link PerDataPoint#elbo}), with a strategy override
 * on the presence addresses:
 * <ul>
 *   <li>{@link #ENUM}: exact sums over both values of each choice, re-running the rest of the
 *       program for each (\(2^T\) runs of the last step);</li>
 *   <li>{@link #ENUM_PARALLEL}: the same sums in one run, each choice's two values along a new
 *       dim left of the minibatch plate, the rest of the program broadcast over them (the model
 *       and guide flatten those dims into the networks' batch);</li>
 *   <li>{@link #MVD}: measure-valued derivatives, a coupled continuation at the other value;</li>
 *   <li>{@link #REINFORCE}: the score function without a baseline;</li>
 *   <li>{@link #REINFORCE_BASELINE}: with the learned, image-dependent baseline \(b_t(x)\) of
 *       {@link AirModel} (NVIL: the baseline is fitted by least squares at the same time);</li>
 *   <li>{@link #HYBRID}: MVD at the first step, REINFORCE with the learned baseline after it;</li>
 *   <li>{@link #RWS}: reweighted wake-sleep ({@link ReweightedWakeSleep}), another objective.</li>
 * </ul>
 * All are unbiased for the gradient of the ELBO except RWS, which follows the wake-phase
 * gradients of the importance-weighted bound.
 */
public enum AirEstimator {
    ENUM("enum"),
    ENUM_PARALLEL("enum-parallel"),
    MVD("mvd"),
    REINFORCE("reinforce"),
    REINFORCE_BASELINE("reinforce-baseline"),
    HYBRID("hybrid"),
    RWS("rws");

    /** The particles per image of {@link #RWS}. */
    public static final int RWS_PARTICLES = 5;

    private final String label;

    AirEstimator(String label) {
        this.label = label;
    }

    /** The command-line name. */
    public String label() {
        return label;
    }

    /** Whether this estimator uses the model's learned baseline. */
    public boolean usesBaseline() {
        return this == REINFORCE_BASELINE || this == HYBRID;
    }

    /** The estimator called {@code label}, e.g. {@code "reinforce-baseline"}. */
    public static AirEstimator of(String label) {
        for (AirEstimator e : values()) {
            if (e.label.equals(label)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown AIR estimator '" + label + "' (accepted: " + labels() + ")");
    }

    /** The accepted names, comma separated. */
    public static String labels() {
        return Arrays.stream(values()).map(AirEstimator::label).collect(Collectors.joining(", "));
    }

    /** A fresh model for this estimator: with the baseline network if it {@linkplain #usesBaseline uses one}. */
    public AirModel model(AirConfig config, long seed) {
        return new AirModel(config, seed, usesBaseline());
    }

    /**
     * The training objective for minibatches of {@code n} images (maximized). For the baseline
     * estimators this switches the model's baseline computation on (the model must have the
     * baseline network: {@link #model}).
     */
    public Expectation<INDArray> objective(AirModel model, int n) {
        model.computeBaselines(usesBaseline());
        if (this == RWS) {
            return ReweightedWakeSleep.objective(model.problem(n), RWS_PARTICLES);
        }
        Expectation<INDArray> elbo = PerDataPoint.elbo(model.problem(n));
        int steps = model.config().steps();
        for (int t = 0; t < steps; t++) {
            elbo = elbo.withStrategy(AirModel.presenceAddress(t), strategy(model, t));
        }
        return elbo;
    }

    private Strategy strategy(AirModel model, int t) {
        return switch (this) {
            case ENUM -> Strategies.ENUM;
            case ENUM_PARALLEL -> Strategies.ENUM_PARALLEL;
            case MVD -> Strategies.MVD;
            case REINFORCE -> Strategies.REINFORCE;
            case REINFORCE_BASELINE -> Strategies.learnedBaseline(() -> model.baseline(t));
            case HYBRID -> t == 0 ? Strategies.MVD : Strategies.learnedBaseline(() -> model.baseline(t));
            case RWS -> throw new IllegalStateException("RWS has no ELBO strategy");
        };
    }
}
