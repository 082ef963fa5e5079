package dev.ppl.autodiff.optim;

import dev.ppl.autodiff.nn.Params;
import java.util.Map;

/**
 * A first-order optimizer: {@link #step} moves {@link Params#flatValues()} against
 * {@link Params#flatGrads()} (optimizers minimize; to maximize an objective, minimize its
 * negation). Its internal state can be captured and restored for exact resumption.
 */
public interface Optimizer {
    /** Applies one update in place using the current gradient buffer. */
    void step(Params params);

    /** A copy of the optimizer's state (step count and moment buffers). */
    OptimizerState state();

    /** Replaces the state with {@code state}, which must come from an optimizer of the same kind and size. */
    void restore(OptimizerState state);

    /**
     * The hyperparameters by name (e.g. {@code lr}), as decimal strings that parse back exactly;
     * a trainer records them in its checkpoints' configuration fingerprint so that a resume with
     * different settings is refused. The default names only the class.
     */
    default Map<String, String> hyperparameters() {
        return Map.of("class", getClass().getName());
    }

    /**
     * Forgets the state: the next {@link #step} behaves as the first step of a new optimizer with
     * the same hyperparameters. State buffers are kept (zeroed) rather than reallocated.
     *
     * @throws UnsupportedOperationException for an optimizer that does not implement it (the
     *     default), naming its class
     */
    default void reset() {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement reset(); create a new optimizer "
                + "or restore() a state saved at its start instead");
    }
}
