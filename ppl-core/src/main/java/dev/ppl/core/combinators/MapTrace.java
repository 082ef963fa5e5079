package dev.ppl.core.combinators;

import dev.ppl.autodiff.Var;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.Trace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The trace of a {@link MapCombinator} applied to \(x_0, \dots, x_{n-1}\): the kernel's trace
 * \(\tau_i\) of each element, the choices \(\tau_i\) under {@code i/...}, the return value
 * \([r_0, \dots, r_{n-1}]\) (the element traces' return values) and the score
 * \(\sum_i \log p_k(\tau_i; x_i)\), the sum of the element traces' scores. Immutable.
 *
 * @param <A> the kernel's argument type
 * @param <R> the kernel's return type
 */
public final class MapTrace<A, R> implements Trace<List<A>, List<R>> {
    private final MapCombinator<A, R> function;
    private final List<A> args;
    private final List<Trace<A, R>> elements;
    private final List<R> retval;
    private final Var score;
    private ChoiceMap choices;

    MapTrace(MapCombinator<A, R> function, List<A> args, List<Trace<A, R>> elements) {
        this.function = function;
        this.args = Collections.unmodifiableList(new ArrayList<>(args)); // elements may be null
        this.elements = List.copyOf(elements);
        this.retval = elements.stream().map(Trace::retval).toList();
        this.score = Indexed.score(elements);
    }

    /** The kernel's trace of each element, in order. */
    public List<Trace<A, R>> elements() {
        return elements;
    }

    /** The kernel's trace of element {@code i}. */
    public Trace<A, R> element(int i) {
        return elements.get(i);
    }

    /** The number of elements. */
    public int size() {
        return elements.size();
    }

    @Override public MapCombinator<A, R> function() { return function; }
    @Override public List<A> args() { return args; }
    @Override public List<R> retval() { return retval; }
    @Override public Var score() { return score; }

    @Override
    public synchronized ChoiceMap choices() {
        if (choices == null) {
            choices = Indexed.choices(elements);
        }
        return choices;
    }

    @Override
    public String toString() {
        return "MapTrace(" + function.name() + ", " + elements.size() + " elements, score " + score.item() + ")";
    }
}
