package dev.ppl.vi.engine;

import dev.ppl.autodiff.Var;
import dev.ppl.vi.strategy.Strategy;
import java.util.List;

/**
 * Control transfer from the first fresh multi-shot choice of a run back to the engine, which
 * then runs the continuation once per forced value. Carries no stack trace (it is not an error).
 */
final class ForkSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Run run;
    final transient Strategy.Fork fork;
    final transient List<Var> recorded;

    ForkSignal(Run run, Strategy.Fork fork, List<Var> recorded) {
        super(null, null, false, false);
        this.run = run;
        this.fork = fork;
        this.recorded = recorded;
    }
}
