package dev.ppl.examples.cli;

import dev.ppl.examples.images.TrainingCurve;
import dev.ppl.examples.ssm.Bound;
import dev.ppl.examples.ssm.SsmStudy;
import dev.ppl.vi.smc.ResamplingGradient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ssm}: trains a linear-Gaussian state-space model and its proposal with ELBO, IWELBO and
 * FIVO at the same particle count on sequences simulated from a fixed key ({@link SsmStudy}),
 * printing each run's bound and its model's exact log p(y) (Kalman filter) after every epoch, then
 * every bound at every run's final parameters, side by side; writes {@code bounds.png} and
 * {@code log-evidence.png} (see docs/reference/smc.md).
 */
@Command(name = "ssm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a 1-D linear-Gaussian state-space model (transition and proposal) with ELBO, IWELBO(K) "
                + "and FIVO(K) on simulated sequences; print the bounds and the exact log p(y) per sequence (Kalman "
                + "filter) after every epoch and all three bounds at each run's final parameters; write bounds.png "
                + "and log-evidence.png."})
final class SsmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sequences", paramLabel = "N", defaultValue = "8", description = "simulated sequences (default: ${DEFAULT-VALUE})")
    int sequences;

    @Option(names = "--length", paramLabel = "T", defaultValue = "25", description = "steps per sequence (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--particles", paramLabel = "K", defaultValue = "4", description = "particles of IWELBO and FIVO (default: ${DEFAULT-VALUE})")
    int particles;

    @Option(names = "--epochs", defaultValue = "12", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--steps-per-epoch", paramLabel = "S", defaultValue = "5",
            description = "gradient steps per epoch, each on all sequences (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.05", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--eval-estimates", paramLabel = "M", defaultValue = "30",
            description = "estimates of each bound in the final evaluation (default: ${DEFAULT-VALUE})")
    int evalEstimates;

    @Option(names = "--fivo-gradient", paramLabel = "KIND", defaultValue = "dropped",
            description = "FIVO's gradient: dropped (the standard, biased one: no score term for resampling) or "
                    + "reinforce (REINFORCE on the ancestor indices: unbiased) (default: ${DEFAULT-VALUE})")
    String fivoGradient;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the data and the estimates (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory for the PNGs (default: out/ssm)")
    Path out;

    @Override
    public Integer call() {
        SsmStudy.Config config = config();
        Path dir = out != null ? out : Path.of("out", "ssm");
        OutputCheck.directory("--out", dir);
        PrintWriter w = spec.commandLine().getOut();
        int k = particles;
        w.printf(Locale.ROOT, "%d sequences of %d steps simulated with a = 0.9, q = 0.5, r = 1 (seed %d); K = %d; "
                + "FIVO gradient %s; values per sequence%n", sequences, length, seed, k, config.fivoGradient());
        w.printf(Locale.ROOT, "%5s", "epoch");
        for (Bound b : Bound.values()) {
            w.printf(Locale.ROOT, " %12s %12s", b.label(k), "log p(y)");
        }
        w.println();
        w.flush();
        SsmStudy.Result r = SsmStudy.run(config, e -> {
            w.printf(Locale.ROOT, "%5d", e.epoch());
            for (Bound b : Bound.values()) {
                w.printf(Locale.ROOT, " %12.3f %12.3f", e.estimate().get(b), e.logEvidence().get(b));
            }
            w.println();
            w.flush();
        });
        w.printf(Locale.ROOT, "%nlog p(y) under the data-generating parameters: %.3f%n", r.trueLogEvidence());
        w.printf(Locale.ROOT, "bounds at the initial and at each run's final parameters (%d estimates each, mean +- "
                + "standard error):%n", evalEstimates);
        w.print("| parameters |");
        for (Bound b : Bound.values()) {
            w.print(" " + b.label(k) + " |");
        }
        w.println(" log p(y) |");
        w.println("|---|---|---|---|---|");
        for (SsmStudy.Evaluation ev : r.evaluations()) {
            w.print("| " + ev.parameters() + " |");
            for (Bound b : Bound.values()) {
                SsmStudy.Estimate est = ev.bounds().get(b);
                w.printf(Locale.ROOT, " %.3f +- %.3f |", est.mean(), est.se());
            }
            w.printf(Locale.ROOT, " %.3f |%n", ev.logEvidence());
        }
        writeCharts(dir, r, k, w);
        return 0;
    }

    private SsmStudy.Config config() {
        positive("--sequences", sequences);
        positive("--length", length);
        positive("--particles", particles);
        positive("--epochs", epochs);
        positive("--steps-per-epoch", steps);
        if (evalEstimates < 2) {
            throw bad("--eval-estimates must be at least 2, got " + evalEstimates);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw bad("--lr must be positive and finite, got " + lr);
        }
        ResamplingGradient g = switch (fivoGradient) {
            case "dropped" -> ResamplingGradient.DROPPED;
            case "reinforce" -> ResamplingGradient.REINFORCE;
            default -> throw bad("--fivo-gradient must be dropped or reinforce, got '" + fivoGradient + "'");
        };
        return new SsmStudy.Config(sequences, length, particles, epochs, steps, lr, evalEstimates, seed, g);
    }

    private void writeCharts(Path dir, SsmStudy.Result r, int k, PrintWriter w) {
        Map<String, List<Double>> bounds = new LinkedHashMap<>();
        Map<String, List<Double>> evidence = new LinkedHashMap<>();
        for (Bound b : Bound.values()) {
            List<Double> est = new ArrayList<>();
            List<Double> ev = new ArrayList<>();
            for (SsmStudy.Epoch e : r.epochs()) {
                est.add(e.estimate().get(b));
                ev.add(e.logEvidence().get(b));
            }
            bounds.put(b.label(k) + " (training estimate)", est);
            evidence.put("log p(y), trained with " + b.label(k), ev);
        }
        List<Double> truth = new ArrayList<>();
        r.epochs().forEach(e -> truth.add(r.trueLogEvidence()));
        bounds.put("log p(y), data-generating parameters", truth);
        evidence.put("log p(y), data-generating parameters", truth);
        Path b = TrainingCurve.write(dir.resolve("bounds.png"), "State-space model: bounds per sequence", "nats per sequence",
                bounds, 1);
        Path e = TrainingCurve.write(dir.resolve("log-evidence.png"), "State-space model: exact log p(y) of the learned model",
                "nats per sequence", evidence, 1);
        w.println("wrote " + b + " and " + e);
        w.flush();
    }

    private void positive(String option, int value) {
        if (value <= 0) {
            throw bad(option + " must be positive, got " + value);
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
