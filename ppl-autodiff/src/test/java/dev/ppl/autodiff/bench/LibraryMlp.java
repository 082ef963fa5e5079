package dev.ppl.autodiff.bench;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Mlp;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The library's way to train the {@link MlpProblem}: {@link Params} + {@link Mlp} build the graph,
 * the reverse pass runs inside an {@link Arena} (one per batch size), {@link Params#computeGrads}
 * writes the gradients straight into the flat buffer and {@link Adam} updates it.
 * This is what the benchmark measures as "library".
 */
public final class LibraryMlp implements MlpTrainer {
    private final Params params;
    private final Mlp mlp;
    private final Map<String, INDArray> initial;
    private Adam adam;
    private final Var x;
    private final Var t;
    private final double scale;
    private final String arenaId;

    /** Builds fresh parameters from {@code problem}'s seed. */
    public LibraryMlp(MlpProblem problem) {
        MlpProblem.Built built = problem.build();
        this.params = built.params();
        this.mlp = built.mlp();
        this.initial = params.snapshot();
        this.adam = newAdam();
        this.x = Var.constant(problem.x());
        this.t = Var.constant(problem.t());
        this.scale = 0.5 / problem.batch();
        this.arenaId = "mlp-" + problem.batch();
    }

    private static Adam newAdam() {
        return new Adam(MlpProblem.LR, MlpProblem.BETA1, MlpProblem.BETA2, MlpProblem.EPS, 0.0);
    }

    /** The parameters (their flat values are the initial weights until the first step). */
    public Params params() {
        return params;
    }

    @Override
    public String name() {
        return "library";
    }

    private Var loss() {
        return mlp.apply(params, x).sub(t).sumSquares().mul(scale);
    }

    @Override
    @SuppressWarnings("try")   // the arena scope is used only for its side effect
    public void step() {
        try (Arena a = Arena.open(arenaId)) {
            Var loss = loss();
            params.computeGrads(loss);
        }
        adam.step(params);
    }

    @Override
    @SuppressWarnings("try")
    public double computeGradients() {
        try (Arena a = Arena.open(arenaId)) {
            Var loss = loss();
            params.computeGrads(loss);
            return loss.item();
        }
    }

    @Override
    public void adamStep() {
        adam.step(params);
    }

    @Override
    public void reset() {
        params.load(initial);
        adam = newAdam();
    }

    @Override
    public INDArray flatParams() {
        return params.flatValues();
    }

    @Override
    public INDArray flatGrads() {
        return params.flatGrads();
    }
}
