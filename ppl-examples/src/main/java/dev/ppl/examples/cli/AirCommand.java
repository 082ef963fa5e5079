package dev.ppl.examples.cli;

import dev.ppl.dist.Rng;
import dev.ppl.examples.air.AirConfig;
import dev.ppl.examples.air.AirEstimator;
import dev.ppl.examples.air.AirEvaluation;
import dev.ppl.examples.air.AirModel;
import dev.ppl.examples.air.CountAccuracy;
import dev.ppl.examples.air.Parse;
import dev.ppl.examples.air.PresencePriorSchedule;
import dev.ppl.examples.data.MultiMnist;
import dev.ppl.examples.data.Scenes;
import dev.ppl.examples.images.AttentionWindow;
import dev.ppl.examples.images.SceneBoxes;
import dev.ppl.examples.images.TrainingCurve;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.train.DataSource;
import dev.ppl.vi.train.Minibatches;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code air}: Attend-Infer-Repeat ({@link AirModel}) on multi-MNIST, trained with one or several
 * gradient estimators for the presence choices ({@code --estimator enum,mvd,...}; the objective
 * program is the same per-image ELBO for all but {@code rws}). After every epoch it prints the
 * held-out ELBO and the count accuracy on the first 2,000 training scenes and on the held-out
 * scenes; at the end it writes, per estimator, the held-out scenes with their inferred boxes and
 * their reconstructions, and for all estimators together the count-accuracy and ELBO curves.
 */
@Command(name = "air", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train Attend-Infer-Repeat on multi-MNIST (0-2 digits on 50 x 50) with the chosen gradient estimators "
                + "for the discrete presence choices; print count accuracy and ELBO per epoch and write PNGs "
                + "(boxes, reconstructions, curves). The default --batch-size for air is 64."})
final class AirCommand implements Callable<Integer> {
    private static final int DEFAULT_BATCH = 64;
    private static final int TRAIN_EVAL_SCENES = 2000;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--estimator", paramLabel = "NAME", split = ",", defaultValue = "reinforce-baseline",
            description = "estimators of the presence choices, comma separated, each trained from the same start: "
                    + "enum (sequential), enum-parallel (one broadcast run), mvd, reinforce, reinforce-baseline, "
                    + "hybrid (mvd at the first step, reinforce-baseline after), "
                    + "rws (reweighted wake-sleep, " + AirEstimator.RWS_PARTICLES + " particles) (default: ${DEFAULT-VALUE})")
    List<String> estimators;

    @Option(names = "--epochs", defaultValue = "1", description = "passes over the training scenes (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--steps", defaultValue = "3", description = "the most objects T per scene (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--z-pres-prior", paramLabel = "P", defaultValue = "0.01",
            description = "the prior probability of one more object, fixed, or where annealing starts (default: ${DEFAULT-VALUE}, "
                    + "Pyro's recommended fixed setting)")
    double presencePrior;

    @Option(names = "--z-pres-anneal-to", paramLabel = "P",
            description = "anneal the prior geometrically from --z-pres-prior to P over --z-pres-anneal-steps steps, then hold it")
    Double annealTo;

    @Option(names = "--z-pres-anneal-steps", paramLabel = "N", defaultValue = "0",
            description = "training steps of the annealing (default: ${DEFAULT-VALUE})")
    long annealSteps;

    @Option(names = "--threads", defaultValue = "1",
            description = "native threads of ND4J's ops and of BLAS; AIR's many small ops run fastest on one (measured on 2 cores: "
                    + "120 against 180 ms per step with 2); Java kernels still use two cores (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        common.validate();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--batch-size")) {
            common.batchSize = DEFAULT_BATCH;
        }
        Validation.positive(common, "--epochs", epochs);
        Validation.positive(common, "--steps", steps);
        Validation.positive(common, "--threads", threads);
        if (!(presencePrior > 0 && presencePrior < 1)) {
            throw common.bad("--z-pres-prior must be in (0, 1), got " + presencePrior);
        }
        if ((annealTo == null) != (annealSteps == 0)) {
            throw common.bad("--z-pres-anneal-to and --z-pres-anneal-steps go together, got "
                    + (annealTo == null ? "only --z-pres-anneal-steps " + annealSteps : "only --z-pres-anneal-to " + annealTo));
        }
        if (annealTo != null && !(annealTo > 0 && annealTo < 1)) {
            throw common.bad("--z-pres-anneal-to must be in (0, 1), got " + annealTo);
        }
        if (annealSteps < 0) {
            throw common.bad("--z-pres-anneal-steps must be >= 0, got " + annealSteps);
        }
        PresencePriorSchedule schedule = annealTo == null ? PresencePriorSchedule.fixed(presencePrior)
                : new PresencePriorSchedule(presencePrior, annealTo, annealSteps);
        List<AirEstimator> chosen = new ArrayList<>();
        for (String e : estimators) {
            try {
                AirEstimator est = AirEstimator.of(e.trim());
                if (chosen.contains(est)) {
                    throw common.bad("--estimator: " + e + " is named twice");
                }
                chosen.add(est);
            } catch (IllegalArgumentException ex) {
                throw common.bad("--estimator: " + ex.getMessage());
            }
        }
        if (chosen.size() > 1 && (common.checkpoint != null || common.resume != null)) {
            throw common.bad("--checkpoint and --resume need a single --estimator (one run), got " + chosen.size());
        }
        PrintWriter out = spec.commandLine().getOut();
        common.checkOutputs();
        MultiMnist data = load();
        AirConfig config = AirConfig.standard(steps);
        int nd4jThreads = Nd4j.getEnvironment().maxThreads(), masterThreads = Nd4j.getEnvironment().maxMasterThreads();
        int blasThreads = Nd4j.factory().blas().getMaxThreads();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Map<String, List<Double>> accuracy = new LinkedHashMap<>();
        Map<String, List<Double>> elbo = new LinkedHashMap<>();
        List<String> table = new ArrayList<>();
        try {
            out.printf("data: %s (%d training, %d held-out scenes)%nmodel: AIR, T = %d steps, z_pres prior %s; batch %d, Adam lr %.2g, "
                            + "%d epoch(s)%n", data.source(), data.train().size(), data.heldOut().size(), steps, describe(schedule),
                    common.batchSize, common.lr, epochs);
            for (AirEstimator est : chosen) {
                Run r = train(est, config, schedule, data, out);
                accuracy.put(est.label() + " held-out", r.heldOutAccuracy);
                accuracy.put(est.label() + " train", r.trainAccuracy);
                elbo.put(est.label(), r.heldOutElbo);
                table.add(String.format("%-19s %8.3f %8.3f %10.1f %9.1f %9.1f", est.label(), last(r.trainAccuracy),
                        last(r.heldOutAccuracy), last(r.heldOutElbo), r.msPerStep, r.secondsPerEpoch));
            }
        } finally {
            // the settings are process-wide: give the caller (a test, an embedding program) its own back
            Nd4j.getEnvironment().setMaxThreads(nd4jThreads);
            Nd4j.getEnvironment().setMaxMasterThreads(masterThreads);
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
        Path dir = common.outDir();
        TrainingCurve.write(dir.resolve("count-accuracy.png"), "AIR count accuracy", "count accuracy", accuracy, 1);
        TrainingCurve.write(dir.resolve("elbo.png"), "AIR held-out ELBO", "ELBO (nats per scene)", elbo, 1);
        out.printf("%nestimator           train acc held acc  held ELBO   ms/step   s/epoch%n");
        table.forEach(out::println);
        out.printf("wrote %s (count-accuracy.png, elbo.png, and per estimator <name>/boxes.png, <name>/reconstructions.png)%n",
                dir.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** One estimator's history. */
    private static final class Run {
        final List<Double> trainAccuracy = new ArrayList<>();
        final List<Double> heldOutAccuracy = new ArrayList<>();
        final List<Double> heldOutElbo = new ArrayList<>();
        double msPerStep;
        double secondsPerEpoch;
    }

    private Run train(AirEstimator est, AirConfig config, PresencePriorSchedule schedule, MultiMnist data, PrintWriter out) {
        out.printf("%n== estimator %s ==%n", est.label());
        AirModel model = est.model(config, common.seed);
        model.setPresencePrior(schedule.at(0));
        Expectation<INDArray> objective = est.objective(model, common.batchSize);
        Minibatches batches = data.train().minibatches(common.batchSize, common.seed);
        // the trainer asks for each step's minibatch just before the step: the model's prior is set for that step there
        DataSource<INDArray> source = step -> {
            model.setPresencePrior(schedule.at(step));
            return batches.batch(step).rows();
        };
        Scenes trainEval = data.train().rows(0, Math.min(TRAIN_EVAL_SCENES, data.train().size()));
        Rng evalKey = Rng.of(common.seed).fold(0xe7a1);
        Run run = new Run();
        StepTimer timer = new StepTimer();
        Session.Result r = Session.train(common, objective, model.params(), source, batches.batchesPerEpoch(), epochs,
                est == AirEstimator.RWS ? "RWS surrogate" : "ELBO",
                done -> {
                    CountAccuracy train = AirEvaluation.countAccuracy(model, trainEval, 500);
                    CountAccuracy held = AirEvaluation.countAccuracy(model, data.heldOut(), 500);
                    double e = AirEvaluation.elboPerImage(model, data.heldOut(), 500, evalKey.fold(done));
                    run.trainAccuracy.add(train.accuracy());
                    run.heldOutAccuracy.add(held.accuracy());
                    run.heldOutElbo.add(e);
                    out.printf("  count accuracy: train %.3f, held-out %.3f (by true count 0/1/2: %.3f %.3f %.3f)%n",
                            train.accuracy(), held.accuracy(), held.accuracy(0), held.accuracy(1), held.accuracy(2));
                    if (schedule.anneals()) {
                        out.printf("  z_pres prior now %.4g%n", model.presencePrior());
                    }
                    return e;
                },
                Map.of("model", "AIR T=" + steps + " prior " + describe(schedule), "estimator", est.label(), "data", data.source()),
                out, timer);
        run.msPerStep = timer.medianMillis();
        run.secondsPerEpoch = r.seconds() / Math.max(1, r.stepsRun()) * batches.batchesPerEpoch();
        out.printf("median step %.1f ms over %d timed steps (evaluations excluded)%n", run.msPerStep, timer.timedSteps());
        out.printf("held-out confusion (true count x inferred count):%n%s%n",
                AirEvaluation.countAccuracy(model, data.heldOut(), 500));
        writeImages(model, data.heldOut(), common.outDir().resolve(est.label()));
        return run;
    }

    private MultiMnist load() {
        MultiMnist d = common.data == null ? MultiMnist.embedded() : MultiMnist.fromDirectory(common.data);
        Scenes train = d.train(), held = d.heldOut();
        if (common.trainLimit > 0 && common.trainLimit < train.size()) {
            train = train.rows(0, common.trainLimit);
        }
        if (common.testLimit > 0 && common.testLimit < held.size()) {
            held = held.rows(0, common.testLimit);
        }
        if (common.batchSize > train.size()) {
            throw common.bad("--batch-size " + common.batchSize + " exceeds the " + train.size() + " training scenes");
        }
        return new MultiMnist(train, held, d.source());
    }

    private static void writeImages(AirModel model, Scenes scenes, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        int n = Math.min(24, scenes.size());
        Parse parse = AirEvaluation.parse(model, scenes.pixels(), 0, n);
        INDArray x = scenes.pixels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
        AttentionWindow[][] windows = AttentionWindow.of(parse.presence(), parse.where(), AttentionWindow.Convention.PYRO);
        int cols = Math.min(8, n);
        int rows = (n + cols - 1) / cols;
        int h = scenes.height(), w = scenes.width();
        SceneBoxes.write(dir.resolve("boxes.png"), x, h, w, windows, rows, cols, 2);
        int pairsPerRow = Math.min(4, n);
        SceneBoxes.writePairs(dir.resolve("reconstructions.png"), x, model.reconstruct(parse), h, w, windows,
                (n + pairsPerRow - 1) / pairsPerRow, pairsPerRow, 2);
    }

    private static String describe(PresencePriorSchedule s) {
        return s.anneals() ? String.format("annealed %s -> %s over %d steps", s.start(), s.end(), s.steps())
                : String.valueOf(s.end());
    }

    private static double last(List<Double> v) {
        return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }
}
