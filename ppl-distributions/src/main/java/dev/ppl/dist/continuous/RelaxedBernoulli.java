package dev.ppl.dist.continuous;

import dev.ppl.autodiff.Shapes;
import dev.ppl.autodiff.Var;
import dev.ppl.dist.Distribution;
import dev.ppl.dist.Expansion;
import dev.ppl.dist.ParamChecks;
import dev.ppl.dist.ReparamSample;
import dev.ppl.dist.Rng;
import dev.ppl.dist.Support;
import dev.ppl.dist.ValueChecks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The binary Concrete (relaxed Bernoulli) distribution on \((0, 1)\) with temperature
 * \(\tau &gt; 0\) and logits \(\ell\) (Maddison, Mnih and Teh, "The Concrete Distribution",
 * ICLR 2017, section 3.3 and appendix; Jang, Gu and Poole, "Categorical Reparameterization with
 * Gumbel-Softmax", ICLR 2017). Reparameterized through logistic noise:
 * \[ x = \sigma\!\left(\frac{\ell + \log u - \log(1-u)}{\tau}\right), \quad u \sim U(0, 1), \]
 * so \(P(X \le x) = \sigma(\tau\,\mathrm{logit}(x) - \ell)\), and with \(a = e^{\ell}\)
 * \[ p(x) = \frac{\tau\, a\, x^{-\tau-1}(1-x)^{-\tau-1}}{\left(a x^{-\tau} + (1-x)^{-\tau}\right)^2},
 * \qquad \log p(x) = \log\tau - \log x - \log(1-x) + \log\sigma(z) + \log\sigma(-z),\ z = \tau\,\mathrm{logit}(x) - \ell \]
 * (the second form, used here, is stable). As \(\tau \to 0\), draws approach Bernoulli(\(\sigma(\ell)\)).
 * The noise of {@link #reparamSample} is \(u\).
 *
 * <p><b>Straight-through</b> ({@link #ofLogits(double, Var, boolean)}): draws are the hard
 * values \([x &gt; 1/2] \in \{0, 1\}\) in the forward pass, with the gradient of the relaxed
 * \(x\) (Bengio, Leonard and Courville 2013; Jang et al. 2017). {@link #logDensity} is always the
 * density of the relaxed \(x\); hard values 0 and 1 lie outside its support (score the relaxed
 * draw, {@code relaxed().reparam(noise)}, instead).
 *
 * <p>At low temperatures \(x\) can round to 0 or 1 (float32 much earlier than float64: at
 * \(\tau = 0.3\), \(\ell = 2\), about 4% of float32 draws); draws are therefore clamped to
 * \([\epsilon, 1-\epsilon]\), \(\epsilon\) the machine epsilon of the type, where the log density is finite.
 *
 * <p>Support: \(0 &lt; x &lt; 1\); outside it (0, 1 and \(\pm\infty\) included) the log density is
 * \(-\infty\), and a NaN value has NaN (errors under {@link dev.ppl.dist.Validation#strict()}; see
 * {@link Distribution#logDensity}).
 */
public final class RelaxedBernoulli implements Distribution<Var> {
    private final double temperature;
    private final Var logits;
    private final boolean straightThrough;
    private final long[] batchShape;

    private RelaxedBernoulli(double temperature, Var logits, boolean straightThrough) {
        checkTemperature("RelaxedBernoulli", temperature);
        ParamChecks.finite("RelaxedBernoulli", "logits", logits);
        this.temperature = temperature;
        this.logits = logits;
        this.straightThrough = straightThrough;
        this.batchShape = logits.shape();
    }

    /** The binary Concrete with temperature {@code temperature} (finite, &gt; 0) and finite logits. */
    public static RelaxedBernoulli ofLogits(double temperature, Var logits) {
        return new RelaxedBernoulli(temperature, logits, false);
    }

    /** As {@link #ofLogits(double, Var)}, with straight-through (hard 0/1) draws if {@code straightThrough}. */
    public static RelaxedBernoulli ofLogits(double temperature, Var logits, boolean straightThrough) {
        return new RelaxedBernoulli(temperature, logits, straightThrough);
    }

    /** The binary Concrete with logits \(\log p - \log(1-p)\) for probabilities {@code probs} in (0, 1). */
    public static RelaxedBernoulli ofProbs(double temperature, Var probs) {
        ParamChecks.probability("RelaxedBernoulli", "probs", probs);
        ParamChecks.positive("RelaxedBernoulli", "probs", probs);
        if (probs.length() > 0 && !(probs.value().maxNumber().doubleValue() < 1)) {
            long i = probs.value().reshape(probs.length()).argMax().getLong(0);
            throw new IllegalArgumentException("RelaxedBernoulli: parameter 'probs' must be < 1, but element " + i
                    + " of shape " + Shapes.str(probs.shape()) + " is 1.0");
        }
        return new RelaxedBernoulli(temperature, probs.log().sub(probs.neg().log1p()), false);
    }

    static void checkTemperature(String family, double t) {
        if (!(t > 0 && Double.isFinite(t))) {
            throw new IllegalArgumentException(family + ": parameter 'temperature' must be finite and > 0, but is " + t);
        }
    }

    /** The temperature \(\tau\). */
    public double temperature() { return temperature; }
    /** The logits \(\ell\). */
    public Var logits() { return logits; }
    /** The probability \(\sigma(\ell)\) of the \(\tau \to 0\) limit. */
    public Var probs() { return logits.sigmoid(); }
    /** Whether draws are straight-through hard values. */
    public boolean isStraightThrough() { return straightThrough; }

    /** The same distribution with relaxed (not straight-through) draws. */
    public RelaxedBernoulli relaxed() {
        return straightThrough ? new RelaxedBernoulli(temperature, logits, false) : this;
    }

    @Override public String name() { return "RelaxedBernoulli"; }
    @Override public long[] batchShape() { return batchShape.clone(); }
    @Override public long[] eventShape() { return new long[0]; }
    @Override public boolean hasReparam() { return true; }

    /**
     * The binary Concrete with logits \(\ell_{b(t)}\) for every element \(t\) of the new batch: {@code
     * logits} broadcast to {@code target}; the temperature and the straight-through flag are kept, where
     * \(b(t)\) is the batch element that \(t\) broadcasts from (see {@link Distribution#expand}); this
     * distribution itself if {@code target} is its batch shape.
     *
     * @throws IllegalArgumentException naming the family and both shapes if {@code target} is not a
     *     broadcast of the batch shape
     */
    @Override
    public RelaxedBernoulli expand(long[] target) {
        if (Expansion.isSame("RelaxedBernoulli", batchShape, target)) {
            return this;
        }
        return new RelaxedBernoulli(temperature, logits.broadcastTo(target), straightThrough);
    }

    @Override
    public Var sample(Rng rng) {
        return reparam(rng.uniform(logits.dtype(), batchShape)).stopGradient();
    }

    @Override
    public ReparamSample<Var> reparamSample(Rng rng) {
        INDArray u = rng.uniform(logits.dtype(), batchShape);
        return new ReparamSample<>(reparam(u), u);
    }

    /**
     * \(\sigma((\ell + \log u - \log(1-u))/\tau)\) for uniform noise {@code u}, clamped to
     * \([\epsilon, 1-\epsilon]\) with \(\epsilon\) the machine epsilon of the type (as PyTorch does), so
     * every draw has a finite log density; hard if straight-through.
     */
    @Override
    public Var reparam(INDArray u) {
        INDArray logistic = Transforms.log(u, true).subi(Transforms.log1p(u.neg(), false));
        Var x = logits.add(Var.constant(logistic)).div(temperature).sigmoid();
        double eps = x.dtype() == DataType.DOUBLE ? Math.ulp(1.0) : Math.ulp(1.0f);
        x = x.clamp(eps, 1 - eps);
        return straightThrough ? hard(x) : x;
    }

    /** \([x &gt; 1/2]\) forward, identity backward. */
    private static Var hard(Var x) {
        INDArray h = x.value().gt(0.5).castTo(x.dtype());
        return Var.of("straightThrough", h, g -> new INDArray[] {g}, x);
    }

    @Override
    public Var logDensity(Var x) {
        long[] shape = ValueChecks.logDensityShape("RelaxedBernoulli", x, batchShape, new long[0]);
        if (ValueChecks.isEmpty(shape)) {
            return ValueChecks.emptyLogDensity(shape, logits.dtype(), x);
        }
        INDArray in = Support.openInterval(x.value(), 0.0, 1.0);
        Var xs = Support.safe(x, in, 0.5);
        Var logX = xs.log();
        Var log1mX = xs.neg().log1p();
        Var z = logX.sub(log1mX).mul(temperature).sub(logits);
        Var lp = z.logSigmoid().add(z.neg().logSigmoid()).sub(logX).sub(log1mX).add(Math.log(temperature));
        return Support.restrict("RelaxedBernoulli", lp.broadcastTo(shape),
                Shapes.broadcastTo(in, shape), x);
    }

    /** Throws: the mean of the binary Concrete has no closed form. */
    @Override
    public Var mean() {
        throw new IllegalStateException("RelaxedBernoulli: the mean has no closed form; estimate it from samples");
    }

    /** Throws: the variance of the binary Concrete has no closed form. */
    @Override
    public Var variance() {
        throw new IllegalStateException("RelaxedBernoulli: the variance has no closed form; estimate it from samples");
    }
}
