package dev.ppl.autodiff.bench;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Var;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Part 1 of the benchmark, per-op overhead: an {@link OpChain} of 50 elementwise ops on a
 * float32 [64, 64] tensor, (a) forward only, {@code Var} (input a parameter, so the graph is
 * recorded) vs the same raw ND4J calls, and (b) forward + backward, {@code Var} + {@code Grad.grad}
 * vs the raw forward + hand-written backward. Each chain runs inside an {@link Arena} (the
 * library's recommended mode, which makes allocation cheap and the overhead most visible), and
 * again with plain allocation. Prints microseconds per chain and per op and the library/raw
 * ratios (target at most 1.2).
 */
public final class OpChainBenchmark {
    /** The target for library/raw. */
    public static final double TARGET = 1.2;

    /** The measured ratios library/raw, for the summary. */
    public record Ratios(double forwardArena, double gradArena, double forwardPlain, double gradPlain) {}

    private final int length;
    private final long[] shape;
    private final Interleaved.Plan plan;

    /** A benchmark of a chain of {@code length} ops on an array of {@code shape}. */
    public OpChainBenchmark(int length, long[] shape, Interleaved.Plan plan) {
        this.length = length;
        this.shape = shape.clone();
        this.plan = plan;
    }

    /** Runs and prints the table to {@code out}. */
    public Ratios run(PrintStream out) {
        OpChain chain = new OpChain(length);
        INDArray x = Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(7), shape).castTo(DataType.FLOAT);
        INDArray seed = Nd4j.onesLike(x);
        Var xParam = Var.param(x);
        out.printf("%n== 1. per-op overhead: chain of %d elementwise ops (x0.8, +0.1, tanh, exp, x0.5) on float32%s ==%n",
                length, java.util.Arrays.toString(shape));
        out.printf("   median of %d interleaved reps; us = microseconds per chain, per op = us/%d%n", plan.reps(), length);
        out.printf("   %-28s %12s %10s %12s %10s %7s  %s%n", "case", "library us", "per op", "raw us", "per op",
                "ratio", "target");
        List<Interleaved.Case> cases = new ArrayList<>();
        for (boolean arena : new boolean[] {true, false}) {
            cases.add(new Interleaved.Case("var-fwd", scoped(arena, "chain-var-fwd", () -> chain.forwardVar(xParam))));
            cases.add(new Interleaved.Case("raw-fwd", scoped(arena, "chain-raw-fwd", () -> chain.forwardRaw(x))));
            cases.add(new Interleaved.Case("var-grad", scoped(arena, "chain-var-grad", () -> chain.gradVar(x, seed))));
            cases.add(new Interleaved.Case("raw-grad", scoped(arena, "chain-raw-grad", () -> chain.gradRaw(x, seed))));
        }
        List<Interleaved.Result> r = Interleaved.run(cases, plan);   // all 8 interleaved: arena vs plain is fair too
        return new Ratios(row(out, "forward (arena)", r.get(0), r.get(1)),
                row(out, "forward+backward (arena)", r.get(2), r.get(3)),
                row(out, "forward (plain)", r.get(4), r.get(5)),
                row(out, "forward+backward (plain)", r.get(6), r.get(7)));
    }

    private double row(PrintStream out, String label, Interleaved.Result lib, Interleaved.Result raw) {
        double l = lib.median() * 1e3, w = raw.median() * 1e3;
        double ratio = l / w;
        out.printf("   %-28s %12.1f %10.2f %12.1f %10.2f %7.2f  <= %.2f %s%n", label, l, l / length, w, w / length,
                ratio, TARGET, ratio <= TARGET ? "ok" : "MISSED");
        return ratio;
    }

    @SuppressWarnings("try")   // the arena scope is used only for its side effect
    private static Runnable scoped(boolean useArena, String id, Supplier<?> body) {
        if (!useArena) {
            return body::get;
        }
        return () -> {
            try (Arena a = Arena.open(id)) {
                body.get();
            }
        };
    }
}
