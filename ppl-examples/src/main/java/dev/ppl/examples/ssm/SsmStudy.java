package dev.ppl.examples.ssm;

import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.dist.Rng;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.smc.ResamplingGradient;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Trains the {@link StateSpaceModel} (transition and proposal) three times from the same start,
 * once per {@link Bound} at the same particle count \(K\), with Adam on the bound's gradient
 * estimates, in lockstep; after every epoch records each run's mean training estimate of its
 * bound and the exact \(\frac1N \log p(y)\) of its model (Kalman filter); at the end evaluates
 * every bound at the initial parameters and at every run's final parameters ({@code evalEstimates} estimates each: mean and
 * standard error), which shows FIVO \(\ge\) IWELBO \(\ge\) ELBO side by side. All values are per
 * sequence (the sums over the \(N\) sequences divided by \(N\)). Every estimate's key derives from
 * the seed: same configuration, same numbers.
 */
public final class SsmStudy {
    private SsmStudy() {}

    /**
     * What to run.
     *
     * @param sequences \(N\), the number of simulated sequences
     * @param length \(T\), their length
     * @param particles \(K\) for IWELBO and FIVO
     * @param epochs epochs
     * @param stepsPerEpoch gradient steps (each on all sequences) per epoch
     * @param lr Adam's learning rate
     * @param evalEstimates estimates of each bound in the final evaluation
     * @param seed seed of the data (its own key) and of every estimate
     * @param fivoGradient how FIVO's gradient treats resampling
     */
    public record Config(int sequences, int length, int particles, int epochs, int stepsPerEpoch, double lr,
            int evalEstimates, long seed, ResamplingGradient fivoGradient) {
        /** Checks the values, naming the first bad one. */
        public Config {
            positive("sequences", sequences);
            positive("length", length);
            positive("particles", particles);
            positive("epochs", epochs);
            positive("steps per epoch", stepsPerEpoch);
            if (evalEstimates < 2) {
                throw new IllegalArgumentException("ssm: need at least 2 evaluation estimates, got " + evalEstimates);
            }
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("ssm: the learning rate must be positive and finite, got " + lr);
            }
            Objects.requireNonNull(fivoGradient, "fivoGradient");
        }

        private static void positive(String what, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException("ssm: the " + what + " must be positive, got " + v);
            }
        }
    }

    /** After epoch {@code epoch}: each run's mean training estimate and its model's exact log-evidence. */
    public record Epoch(int epoch, Map<Bound, Double> estimate, Map<Bound, Double> logEvidence) {}

    /** A bound evaluated at a run's final parameters: mean and standard error of the estimates. */
    public record Estimate(double mean, double se) {}

    /** Every bound and the exact log-evidence at one set of parameters, described by {@code parameters}. */
    public record Evaluation(String parameters, Map<Bound, Estimate> bounds, double logEvidence) {}

    /** The whole study. */
    public record Result(List<Epoch> epochs, List<Evaluation> evaluations, double trueLogEvidence) {}

    /** Runs the study, telling {@code onEpoch} after each epoch. */
    public static Result run(Config c, Consumer<Epoch> onEpoch) {
        List<double[]> data = StateSpaceModel.simulate(Rng.of(c.seed()).fold(-7), c.sequences(), c.length());
        Map<Bound, StateSpaceModel> models = new EnumMap<>(Bound.class);
        Map<Bound, Expectation<Var>> objectives = new EnumMap<>(Bound.class);
        Map<Bound, Adam> optimizers = new EnumMap<>(Bound.class);
        for (Bound b : Bound.values()) {
            StateSpaceModel m = new StateSpaceModel(data);
            models.put(b, m);
            objectives.put(b, b.objective(m, c.particles(), c.fivoGradient()));
            optimizers.put(b, new Adam(c.lr()));
        }
        Rng key = Rng.of(c.seed());
        List<Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= c.epochs(); e++) {
            Map<Bound, Double> estimate = new EnumMap<>(Bound.class);
            Map<Bound, Double> evidence = new EnumMap<>(Bound.class);
            for (Bound b : Bound.values()) {
                StateSpaceModel m = models.get(b);
                double sum = 0;
                for (int s = 0; s < c.stepsPerEpoch(); s++) {
                    Rng k = key.fold(e).fold(s).fold(b.ordinal());
                    sum += objectives.get(b).gradEstimateInto(k, StateSpaceModel.init(), m.params(), -1.0);
                    optimizers.get(b).step(m.params());
                }
                estimate.put(b, sum / c.stepsPerEpoch());
                evidence.put(b, m.exactLogEvidence() / c.sequences());
            }
            Epoch epoch = new Epoch(e, estimate, evidence);
            epochs.add(epoch);
            onEpoch.accept(epoch);
        }
        List<Evaluation> evaluations = new ArrayList<>();
        evaluations.add(evaluation("initial", new StateSpaceModel(data), c, key.fold(-2)));
        for (Bound trained : Bound.values()) {
            evaluations.add(evaluation("trained with " + trained.label(c.particles()), models.get(trained), c,
                    key.fold(-1).fold(trained.ordinal())));
        }
        return new Result(epochs, evaluations, models.get(Bound.ELBO).trueLogEvidence() / c.sequences());
    }

    private static Evaluation evaluation(String label, StateSpaceModel m, Config c, Rng key) {
        Map<Bound, Estimate> bounds = new EnumMap<>(Bound.class);
        for (Bound b : Bound.values()) {
            bounds.put(b, evaluate(b.objective(m, c.particles(), c.fivoGradient()), c.evalEstimates(), key.fold(b.ordinal())));
        }
        return new Evaluation(label, bounds, m.exactLogEvidence() / c.sequences());
    }

    private static Estimate evaluate(Expectation<Var> bound, int n, Rng key) {
        SummaryStatistics s = new SummaryStatistics();
        for (Rng k : key.split(n)) {
            s.addValue(bound.estimate(k, StateSpaceModel.init()));
        }
        return new Estimate(s.getMean(), s.getStandardDeviation() / Math.sqrt(n));
    }
}
