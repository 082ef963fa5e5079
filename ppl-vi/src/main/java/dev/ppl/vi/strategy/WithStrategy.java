package dev.ppl.vi.strategy;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A distribution annotated with the strategy to use for its choices ({@link Strategies#with}). */
final class WithStrategy implements Distribution<Var> {
    private final Distribution<Var> base;
    private final Strategy strategy;

    WithStrategy(Distribution<Var> base, Strategy strategy) {
        this.base = base;
        this.strategy = strategy;
    }

    Strategy strategy() { return strategy; }

    Distribution<Var> base() { return base; }

    @Override public String name() { return base.name(); }
    @Override public Var sample(Rng rng) { return base.sample(rng); }
    @Override public Var logDensity(Var value) { return base.logDensity(value); }
    @Override public Var logDensitySum(Var value) { return base.logDensitySum(value); }
    @Override public long[] batchShape() { return base.batchShape(); }
    @Override public long[] eventShape() { return base.eventShape(); }
    @Override public boolean hasReparam() { return base.hasReparam(); }
    @Override public ReparamSample<Var> reparamSample(Rng rng) { return base.reparamSample(rng); }
    @Override public Var reparam(INDArray noise) { return base.reparam(noise); }
    @Override public boolean isEnumerable() { return base.isEnumerable(); }
    @Override public Var support() { return base.support(); }
    @Override public Var mean() { return base.mean(); }
    @Override public Var variance() { return base.variance(); }
    @Override public Distribution<Var> expand(long[] batchShape) { return new WithStrategy(base.expand(batchShape), strategy); }
}
