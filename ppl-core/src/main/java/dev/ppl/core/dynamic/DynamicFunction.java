package dev.ppl.core.dynamic;

import dev.ppl.autodiff.Var;
import dev.ppl.core.Assessment;
import dev.ppl.core.ChoiceMap;
import dev.ppl.core.GenContext;
import dev.ppl.core.GenerativeFunction;
import dev.ppl.core.Generated;
import dev.ppl.core.Selection;
import dev.ppl.core.Trace;
import dev.ppl.core.Updated;
import dev.ppl.dist.Rng;
import java.util.List;

/**
 * A generative function written in the dynamic modeling language: a body run under a handler,
 * one handler class per operation of the Generative Function Interface
 * ({@link SimulateHandler}, {@link GenerateHandler}, {@link AssessHandler}, {@link UpdateHandler},
 * {@link RegenerateHandler}). {@link #run} lets new handlers interpret the same body.
 */
public final class DynamicFunction<A, R> implements GenerativeFunction<A, R> {
    /** The body: a program over the context's effects. */
    @FunctionalInterface
    public interface Body<A, R> {
        /** Runs the program with {@code ctx} handling its random choices and calls. */
        R apply(GenContext ctx, A args);
    }

    private final String name;
    private final List<Var> params;
    private final Body<A, R> body;

    /** Use {@link dev.ppl.core.Gen#fn}. */
    public DynamicFunction(String name, List<Var> params, Body<A, R> body) {
        this.name = name;
        this.params = List.copyOf(params);
        this.body = body;
    }

    /** Runs the body under {@code handler} (the extension point for new interpretations). */
    public R run(GenContext handler, A args) {
        return body.apply(handler, args);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Var> params() {
        return params;
    }

    @Override
    public Trace<A, R> simulate(Rng rng, A args) {
        SimulateHandler h = new SimulateHandler(name, rng);
        R r = run(h, args);
        return h.trace(this, args, r);
    }

    @Override
    public Assessment<R> assess(ChoiceMap choices, A args) {
        requireGiven(choices, "assess", "choices");
        AssessHandler h = new AssessHandler(name, choices);
        R r = run(h, args);
        return h.finish(r);
    }

    @Override
    public Generated<A, R> generate(Rng rng, ChoiceMap constraints, A args) {
        requireGiven(constraints, "generate", "constraints");
        GenerateHandler h = new GenerateHandler(name, rng, constraints);
        R r = run(h, args);
        h.checkAllVisited(constraints);
        return new Generated<>(h.trace(this, args, r), h.weight());
    }

    @Override
    public Updated<A, R> update(Rng rng, Trace<A, R> trace, ChoiceMap constraints, A newArgs) {
        requireGiven(constraints, "update", "constraints");
        UpdateHandler h = new UpdateHandler(name, rng, DynamicTrace.of(trace, this, name + ".update"), constraints);
        R r = run(h, newArgs);
        h.checkAllVisited(constraints);
        return h.finish(this, newArgs, r);
    }

    @Override
    public Updated<A, R> regenerate(Rng rng, Trace<A, R> trace, Selection selection, A newArgs) {
        if (selection == null) {
            throw new IllegalArgumentException(name + ".regenerate: the selection is null; use Selection.none() for none");
        }
        RegenerateHandler h = new RegenerateHandler(name, rng, DynamicTrace.of(trace, this, name + ".regenerate"), selection);
        R r = run(h, newArgs);
        return h.finish(this, newArgs, r);
    }

    private void requireGiven(ChoiceMap given, String op, String what) {
        if (given == null) {
            throw new IllegalArgumentException(name + "." + op + ": the " + what + " are null; use ChoiceMap.empty() for none");
        }
    }

    @Override
    public String toString() {
        return "Gen.fn(" + name + ")";
    }
}
