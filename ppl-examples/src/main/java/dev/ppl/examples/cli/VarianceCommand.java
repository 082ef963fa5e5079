package dev.ppl.examples.cli;

import dev.ppl.examples.variance.Estimator;
import dev.ppl.examples.variance.Estimators;
import dev.ppl.examples.variance.MixtureModel;
import dev.ppl.examples.variance.Row;
import dev.ppl.examples.variance.VarianceStudy;
import dev.ppl.examples.variance.VarianceTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code variance}: measures the bias, variance and time of every gradient estimator of
 * {@link Estimators} on the {@link MixtureModel}'s ELBO against its exact gradient, and prints a
 * Markdown table, one line per estimator as soon as it is measured (see docs/variance.md).
 */
@Command(name = "variance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare gradient estimators (REINFORCE with and without baselines, Rao-Blackwellization, MVD, "
                + "ENUM, ENUM_PARALLEL, mixed strategies, straight-through Gumbel-softmax) on the ELBO of a small "
                + "Gaussian mixture with outliers, against its exact gradient; prints bias, variance, time and "
                + "variance x time per estimator."})
final class VarianceCommand implements Callable<Integer> {
    /** Estimates per estimator with --quick. */
    static final int QUICK = 30;
    /** Untimed estimates of every estimator before the first is measured (JIT warm-up). */
    static final int JIT_ROUNDS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--estimates", paramLabel = "N", defaultValue = "2000",
            description = "gradient estimates per estimator (default: ${DEFAULT-VALUE})")
    int estimates;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the estimates (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quick", description = "a smoke run: " + QUICK + " estimates per estimator")
    boolean quick;

    @Override
    public Integer call() {
        if (estimates < 2) {
            throw new ParameterException(spec.commandLine(), "--estimates must be at least 2, got " + estimates);
        }
        int n = quick ? QUICK : estimates;
        PrintWriter out = spec.commandLine().getOut();
        MixtureModel model = MixtureModel.standard();
        double[] exact = VarianceStudy.exactGradient(model);
        out.printf(Locale.ROOT, "ELBO %.4f (exact), %d gradient coordinates (%d of the discrete choices), %d estimates each, seed %d%n",
                model.exactElbo().item(), exact.length, model.discreteCoordinates(), n, seed);
        out.print(VarianceTable.header());
        out.flush();
        List<Estimator> estimators = Estimators.all(model);
        VarianceStudy.warmUpJit(estimators, model, Math.min(JIT_ROUNDS, n), seed + 3);
        Row reference = null;
        for (Estimator e : estimators) {
            Row r = VarianceStudy.measure(e, model, exact, n, seed);
            reference = reference == null ? r : reference;
            out.print(VarianceTable.line(r, reference));
            out.flush();
        }
        return 0;
    }
}
