package dev.ppl.autodiff.optim;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.nn.Params;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with heavy-ball momentum \(\mu\):
 * \(v \leftarrow \mu v + g\), \(\theta \leftarrow \theta - \eta v\) (plain SGD when \(\mu = 0\)).
 */
public final class Sgd implements Optimizer {
    private final double lr;
    private final double momentum;
    private INDArray velocity;
    private long step;

    /** @param lr the learning rate \(\eta &gt; 0\); @param momentum \(\mu \in [0, 1)\) */
    public Sgd(double lr, double momentum) {
        if (!(lr > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("Sgd: need lr > 0 and momentum in [0, 1), got lr=" + lr
                    + ", momentum=" + momentum);
        }
        this.lr = lr;
        this.momentum = momentum;
    }

    @Override
    public Map<String, String> hyperparameters() {
        return Map.of("kind", "sgd", "lr", Double.toString(lr), "momentum", Double.toString(momentum));
    }

    @Override
    public void step(Params params) {
        INDArray g = params.flatGrads();
        OptimizerState.requireSize("sgd", velocity, g.length());
        if (momentum == 0) {
            params.flatValues().subi(g.mul(lr));  // temporary, freed with the current arena if any
        } else {
            if (velocity == null) {
                velocity = Arena.outside(g::dup);
            } else {
                velocity.muli(momentum).addi(g);
            }
            params.flatValues().subi(velocity.mul(lr));
        }
        step++;
    }

    /** Zeroes the velocity: \(\mu \cdot 0 + g = g\), so the next step is exactly a first step. */
    @Override
    public void reset() {
        if (velocity != null) {
            velocity.assign(0);
        }
        step = 0;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState("sgd", step, velocity == null ? Map.of() : Map.of("velocity", velocity));
    }

    @Override
    public void restore(OptimizerState s) {
        s.requireKind("sgd");
        step = s.step();
        velocity = s.buffers().containsKey("velocity") ? Arena.outside(() -> s.buffers().get("velocity").dup()) : null;
    }
}
