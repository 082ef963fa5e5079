package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Address;
import dev.ppl.core.Assessment;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.MissingChoicesException;
import dev.ppl.core.Trace;
import dev.ppl.core.Unvisited;
import dev.ppl.core.UnvisitedChoicesException;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code assess}: every choice must be given; the result is the sum of their log densities. A
 * missing choice, or a callee's unvisited ones, does not stop the run: a placeholder is drawn so
 * the body can continue, and the error at the end lists every missing address and every given
 * one never visited (a {@link MissingChoicesException} if any is missing, else an
 * {@link UnvisitedChoicesException}), so a mistyped address is reported with the one it was meant
 * to be.
 */
public final class AssessHandler extends TraceRecorder {
    private static final Rng PLACEHOLDER = Rng.of(0);
    private final ChoiceMap choices;
    private final List<Address> missing = new ArrayList<>();
    private Unvisited unvisitedBelow = Unvisited.none();

    AssessHandler(String fn, ChoiceMap choices) {
        super(fn, "assess", PLACEHOLDER);
        this.choices = choices;
    }

    @Override
    protected Var choose(Address address, Distribution<Var> dist) {
        if (choices.has(address)) {
            return choices.get(address);
        }
        missing.add(address);
        return dist.sample(rngAt(address));
    }

    @Override
    protected <A, R> Trace<A, R> callSite(Address address, GenerativeFunction<A, R> callee, A args) {
        ChoiceMap sub = choices.submap(address);
        try {
            Assessment<R> a = callee.assess(sub, args);
            return new Assessed<>(callee, args, sub, a.retval(), a.logDensity());
        } catch (MissingChoicesException e) {
            for (Address m : e.missing()) {
                missing.add(address.then(m));
            }
            unvisitedBelow = unvisitedBelow.plus(e.unvisited().prefixed(address));
        } catch (UnvisitedChoicesException e) {
            unvisitedBelow = unvisitedBelow.plus(e.unvisited().prefixed(address));
        }
        return callee.generate(rngAt(address), ChoiceMap.empty(), args).trace();
    }

    /** A callee's assessment seen as a trace (its choices are the given ones). */
    private record Assessed<A, R>(GenerativeFunction<A, R> function, A args, ChoiceMap choices, R retval, Var score)
            implements Trace<A, R> {}

    <R> Assessment<R> finish(R retval) {
        Unvisited unvisited = DynamicTrace.findUnvisited(choices, sites()).plus(unvisitedBelow);
        if (!missing.isEmpty()) {
            throw new MissingChoicesException(fn, missing, unvisited);
        }
        if (!unvisited.isEmpty()) {
            throw new UnvisitedChoicesException(where(), "choices", unvisited, null);
        }
        return new Assessment<>(score(), retval);
    }
}
