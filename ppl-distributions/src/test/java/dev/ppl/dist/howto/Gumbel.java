package dev.ppl.dist.howto;

import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.ValueChecks;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The example of docs/how-to/custom-distribution.md: the Gumbel distribution with location
 * \(\mu\) and scale \(\beta\), \(\log p(x) = -z - e^{-z} - \log\beta\), \(z = (x-\mu)/\beta\),
 * reparameterized as \(x = \mu - \beta\log(-\log u)\), \(u \sim U(0,1)\).
 */
public final class Gumbel implements Distribution<Var> {
    private final Var loc;
    private final Var scale;
    private final long[] batchShape;

    private Gumbel(Var loc, Var scale) {
        this.batchShape = ParamChecks.broadcast("Gumbel", "loc", loc, "scale", scale);
        ParamChecks.finite("Gumbel", "loc", loc);
        ParamChecks.positive("Gumbel", "scale", scale);
        this.loc = loc;
        this.scale = scale;
    }

    /** Gumbel(loc, scale), scale positive. */
    public static Gumbel of(Var loc, Var scale) {
        return new Gumbel(loc, scale);
    }

    @Override public String name() { return "Gumbel"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    @Override
    public Var sample(Rng rng) {
        return reparamSample(rng).value().stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray u = rng.uniform(loc.dtype(), batchShape);
        INDArray g = Transforms.log(Transforms.log(u, true).negi(), false).negi(); // standard Gumbel noise
        return new ReparamSample<>(reparam(g), g);
    }

    @Override
    public Var reparam(INDArray standardGumbel) {
        return loc.add(scale.mul(Var.constant(standardGumbel)));
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("Gumbel", x, batchShape, new long[0]);
        Var z = x.sub(loc).div(scale);
        Var lp = z.neg().sub(z.neg().exp()).sub(scale.log());
        return lp.broadcastTo(shape);
    }

    @Override
    public Var mean() {
        return loc.add(scale.mul(0.5772156649015329)).broadcastTo(batchShape);
    }

    @Override
    public Var variance() {
        return scale.square().mul(Math.PI * Math.PI / 6).broadcastTo(batchShape);
    }
}
