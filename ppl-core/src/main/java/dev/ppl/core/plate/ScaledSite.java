package dev.ppl.core.plate;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A distribution whose log density is multiplied by a constant {@code scale} (an unnormalized
 * "distribution" used for likelihood scaling under data subsampling); sampling, reparameterization
 * and enumeration are the wrapped distribution's.
 */
public final class ScaledSite implements Distribution<Var> {
    private final Distribution<Var> base;
    private final double scale;

    /** {@code base} with log density scaled by {@code scale}. */
    public ScaledSite(Distribution<Var> base, double scale) {
        this.base = base;
        this.scale = scale;
    }

    /** The wrapped distribution. */
    public Distribution<Var> base() { return base; }
    /** The scale factor. */
    public double scale() { return scale; }

    @Override public String name() { return base.name() + "*" + scale; }
    @Override public Var sample(Rng rng) { return base.sample(rng); }
    @Override public Var logDensity(Var value) { return base.logDensity(value).mul(scale); }
    @Override public Var logDensitySum(Var value) { return base.logDensitySum(value).mul(scale); }
    @Override public long[] batchShape() { return base.batchShape(); }
    @Override public long[] eventShape() { return base.eventShape(); }
    @Override public boolean hasReparam() { return base.hasReparam(); }
    @Override public ReparamSample<Var> reparamSample(Rng rng) { return base.reparamSample(rng); }
    @Override public Var reparam(INDArray noise) { return base.reparam(noise); }
    @Override public boolean isEnumerable() { return base.isEnumerable(); }
    @Override public Var support() { return base.support(); }
    @Override public Var mean() { return base.mean(); }
    @Override public Var variance() { return base.variance(); }
}
