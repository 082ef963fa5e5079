package dev.ppl.core.combinators;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Trace;
import java.util.List;

/**
 * The trace of an {@link Unfold} from the initial state \(s_0\): the kernel's trace \(\tau_t\) of
 * each step \(t\) (run on \((t, s_t)\), returning \(s_{t+1}\)), the choices \(\tau_t\) under
 * {@code t/...}, the return value \([s_1, \dots, s_T]\) and the score
 * \(\sum_t \log p_k(\tau_t; t, s_t)\), the sum of the step traces' scores. Immutable.
 *
 * @param <S> the state type
 */
public final class UnfoldTrace<S> implements Trace<S, List<S>> {
    private final Unfold<S> function;
    private final S init;
    private final List<Trace<Unfold.Step<S>, S>> steps;
    private final List<S> retval;
    private final Var score;
    private ChoiceMap choices;

    UnfoldTrace(Unfold<S> function, S init, List<Trace<Unfold.Step<S>, S>> steps) {
        this.function = function;
        this.init = init;
        this.steps = List.copyOf(steps);
        this.retval = steps.stream().map(Trace::retval).toList();
        this.score = Indexed.score(steps);
    }

    /** The kernel's trace of each step, in order. */
    public List<Trace<Unfold.Step<S>, S>> steps() {
        return steps;
    }

    /** The kernel's trace of step {@code t} (its arguments are \((t, s_t)\), its return value \(s_{t+1}\)). */
    public Trace<Unfold.Step<S>, S> step(int t) {
        return steps.get(t);
    }

    /** The number of steps \(T\). */
    public int size() {
        return steps.size();
    }

    @Override public Unfold<S> function() { return function; }
    /** The initial state \(s_0\). */
    @Override public S args() { return init; }
    /** \([s_1, \dots, s_T]\). */
    @Override public List<S> retval() { return retval; }
    @Override public Var score() { return score; }

    @Override
    public synchronized ChoiceMap choices() {
        if (choices == null) {
            choices = Indexed.choices(steps);
        }
        return choices;
    }

    @Override
    public String toString() {
        return "UnfoldTrace(" + function.name() + ", score " + score.item() + ")";
    }
}
