package dev.ppl.examples.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.clip.ClipByValue;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One training step of the {@code vae} command's model written by hand in plain ND4J, in the
 * fastest style we know: the "hand-coded" side of the {@code bench} command. Same model, same
 * parameter layout and same Adam as {@link dev.ppl.examples.vae.GaussianVae} trained with
 * {@code Objectives.elbo}; float32, one fixed batch size \(B\).
 *
 * <p><b>Forward</b> (\(x\) the \([B, D]\) binary pixels, \(\varepsilon\) the \([B, L]\) standard
 * normal noise): \(h_1 = \mathrm{relu}(x W_1 + b_1)\), \(e = h_1 W_2 + b_2 = [\mu, r]\),
 * \(s = \mathrm{clamp}(r, -8, 4)\), \(\sigma = e^s\), \(z = \mu + \sigma\varepsilon\),
 * \(h_3 = \mathrm{relu}(z W_3 + b_3)\), logits \(\ell = h_3 W_4 + b_4\). The loss is the negated
 * one-sample ELBO summed over the batch, \(-\sum [\log p(x \mid z) + \log p(z) - \log q(z \mid x)]\) with
 * \(\log p(x \mid z) = \sum_d x_d\ell_d - \mathrm{softplus}(\ell_d)\),
 * \(\log p(z) = \sum_j -\tfrac12 z_j^2 - \tfrac12\log 2\pi\) and
 * \(\log q(z \mid x) = \sum_j -\tfrac12\varepsilon_j^2 - s_j - \tfrac12\log 2\pi\).
 *
 * <p><b>Backward</b> (pathwise, through \(z\)): \(G_\ell = \sigma(\ell) - x\);
 * \(\partial W_4 = h_3^\top G_\ell\), \(\partial b_4 = 1^\top G_\ell\);
 * \(G_3 = (G_\ell W_4^\top) \odot [h_3 > 0]\), \(\partial W_3 = z^\top G_3\), \(\partial b_3 = 1^\top G_3\);
 * \(G_z = G_3 W_3^\top + z\) (the prior adds \(z\)); \(G_\mu = G_z\) (the total derivative of
 * \(\log q\) in \(\mu\) is 0); \(G_r = (G_z \odot \sigma\varepsilon - 1) \odot [\mathrm{clamp}(r) = r]\)
 * (the \(-1\) is \(\partial\log q/\partial s\) in total); \(G_e = [G_\mu, G_r]\),
 * \(\partial W_2 = h_1^\top G_e\), \(\partial b_2 = 1^\top G_e\),
 * \(G_1 = (G_e W_2^\top) \odot [h_1 > 0]\), \(\partial W_1 = x^\top G_1\), \(\partial b_1 = 1^\top G_1\).
 *
 * <p><b>Style.</b> One flat parameter buffer and one flat gradient buffer with every weight as a
 * view (the library's {@code Params} layout); every intermediate allocated once; GEMMs written into
 * their outputs (weight gradients straight into the gradient views) with transpose flags; bias
 * gradients as GEMMs with a row of ones; ReLU and its backward in place; the loss's softplus as
 * \(\max(\ell, 0) + \log(1 + e^{-|\ell|})\) from BLAS reductions only (ND4J's own reductions are
 * 5-10x slower): \(\sum \max(\ell,0) = \tfrac12(\sum\ell + \sum|\ell|)\), \(\sum x\ell\) a dot product,
 * plain sums as dot products with a vector of ones; the
 * fused {@code adam_updater} op over the flat buffers.
 */
public final class HandCodedVae {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final VaeLayout layout;
    private final int batch;
    private final AdamState adam;
    private final INDArray params;
    private final INDArray grads;
    private final VaeLayout.Views p;
    private final VaeLayout.Views g;
    private final INDArray ones;
    private final INDArray onesPixels;
    private final INDArray onesLatent;
    // forward
    private final INDArray h1;
    private final INDArray e;
    private final INDArray mu;
    private final INDArray r;
    private final INDArray s;
    private final INDArray sigma;
    private final INDArray sigmaEps;
    private final INDArray z;
    private final INDArray h3;
    private final INDArray logits;
    private final INDArray flatLogits;
    private final INDArray flatZ;
    private final INDArray tmpPixels;
    private final INDArray clampMask;
    // backward
    private final INDArray gLogits;
    private final INDArray g3;
    private final INDArray gz;
    private final INDArray ge;
    private final INDArray gMu;
    private final INDArray gR;
    private final INDArray g1;

    /** A step for batches of {@code batch} images, starting from a copy of {@code initialFlat} (in {@code layout}). */
    public HandCodedVae(VaeLayout layout, int batch, INDArray initialFlat, double lr) {
        if (batch <= 0) {
            throw new IllegalArgumentException("HandCodedVae: batch must be positive, got " + batch);
        }
        if (initialFlat.length() != layout.size()) {
            throw new IllegalArgumentException("HandCodedVae: expected " + layout.size() + " parameters, got " + initialFlat.length());
        }
        this.layout = layout;
        this.batch = batch;
        int d = layout.pixels(), h = layout.hidden(), l = layout.latent();
        DataType f = DataType.FLOAT;
        this.params = initialFlat.reshape(layout.size()).castTo(f).dup();
        this.grads = Nd4j.zeros(f, layout.size());
        this.adam = new AdamState(layout.size(), lr);
        this.p = layout.views(params);
        this.g = layout.views(grads);
        this.ones = Nd4j.ones(f, 1, batch);
        this.onesPixels = Nd4j.ones(f, (long) batch * d);
        this.onesLatent = Nd4j.ones(f, (long) batch * l);
        this.h1 = Nd4j.createUninitialized(f, batch, h);
        this.e = Nd4j.createUninitialized(f, batch, 2L * l);
        this.mu = VaeLayout.columns(e, 0, l);
        this.r = VaeLayout.columns(e, l, 2L * l);
        this.s = Nd4j.createUninitialized(f, batch, l);
        this.sigma = Nd4j.createUninitialized(f, batch, l);
        this.sigmaEps = Nd4j.createUninitialized(f, batch, l);
        this.z = Nd4j.createUninitialized(f, batch, l);
        this.h3 = Nd4j.createUninitialized(f, batch, h);
        this.logits = Nd4j.createUninitialized(f, batch, d);
        this.flatLogits = logits.reshape((long) batch * d);
        this.flatZ = z.reshape((long) batch * l);
        this.tmpPixels = Nd4j.createUninitialized(f, batch, d);
        this.clampMask = Nd4j.createUninitialized(f, batch, l);
        this.gLogits = Nd4j.createUninitialized(f, batch, d);
        this.g3 = Nd4j.createUninitialized(f, batch, h);
        this.gz = Nd4j.createUninitialized(f, batch, l);
        this.ge = Nd4j.createUninitialized(f, batch, 2L * l);
        this.gMu = VaeLayout.columns(ge, 0, l);
        this.gR = VaeLayout.columns(ge, l, 2L * l);
        this.g1 = Nd4j.createUninitialized(f, batch, h);
    }

    /** The batch size \(B\) this step was built for. */
    public int batch() {
        return batch;
    }

    /**
     * Forward and backward for pixels {@code x} {@code [B, D]} and noise {@code eps} {@code [B, L]}
     * (float32): writes \(\partial\,\mathrm{loss}/\partial\theta\) into {@link #flatGrads()} and
     * returns the loss, the negated ELBO estimate summed over the batch.
     */
    public double computeGradients(INDArray x, INDArray eps) {
        check(x, layout.pixels(), "x");
        check(eps, layout.latent(), "eps");
        // encoder: h1 = relu(x W1 + b1), e = h1 W2 + b2 = [mu, r]
        Nd4j.gemm(x, p.w1(), h1, false, false, 1.0, 0.0);
        h1.addiRowVector(p.b1());
        Transforms.relu(h1, false);
        Nd4j.gemm(h1, p.w2(), e, false, false, 1.0, 0.0);
        e.addiRowVector(p.b2());
        // s = clamp(r, -8, 4) with mask [clamp(r) == r] = 1 - step(|r - s|); sigma = exp(s); z = mu + sigma eps
        s.assign(r);
        Nd4j.exec(new ClipByValue(s, -8, 4));
        Nd4j.exec(new SubOp(r, s, clampMask));
        Nd4j.exec(new Abs(clampMask, clampMask));
        Nd4j.exec(new Step(clampMask, clampMask, 0.0));
        clampMask.rsubi(1.0);
        Nd4j.exec(new Exp(s, sigma));
        Nd4j.exec(new MulOp(sigma, eps, sigmaEps));
        Nd4j.exec(new AddOp(mu, sigmaEps, z));
        // decoder: h3 = relu(z W3 + b3), logits = h3 W4 + b4
        Nd4j.gemm(z, p.w3(), h3, false, false, 1.0, 0.0);
        h3.addiRowVector(p.b3());
        Transforms.relu(h3, false);
        Nd4j.gemm(h3, p.w4(), logits, false, false, 1.0, 0.0);
        logits.addiRowVector(p.b4());
        double loss = loss(x, eps);
        // backward: G_l = sigmoid(l) - x
        Nd4j.exec(new Sigmoid(logits, gLogits));
        gLogits.subi(x);
        Nd4j.gemm(h3, gLogits, g.w4(), true, false, 1.0, 0.0);
        Nd4j.gemm(ones, gLogits, g.b4Row(), false, false, 1.0, 0.0);
        Nd4j.gemm(gLogits, p.w4(), g3, false, true, 1.0, 0.0);
        Nd4j.exec(new Step(h3, h3));
        g3.muli(h3);
        Nd4j.gemm(z, g3, g.w3(), true, false, 1.0, 0.0);
        Nd4j.gemm(ones, g3, g.b3Row(), false, false, 1.0, 0.0);
        Nd4j.gemm(g3, p.w3(), gz, false, true, 1.0, 0.0);
        // G_mu = G_z + z; G_r = (G_mu sigma eps - 1) [clamp(r) == r]
        Nd4j.exec(new AddOp(gz, z, gMu));
        Nd4j.exec(new MulOp(gMu, sigmaEps, gR));
        gR.subi(1.0);
        gR.muli(clampMask);
        Nd4j.gemm(h1, ge, g.w2(), true, false, 1.0, 0.0);
        Nd4j.gemm(ones, ge, g.b2Row(), false, false, 1.0, 0.0);
        Nd4j.gemm(ge, p.w2(), g1, false, true, 1.0, 0.0);
        Nd4j.exec(new Step(h1, h1));
        g1.muli(h1);
        Nd4j.gemm(x, g1, g.w1(), true, false, 1.0, 0.0);
        Nd4j.gemm(ones, g1, g.b1Row(), false, false, 1.0, 0.0);
        return loss;
    }

    /**
     * The loss \(\sum \mathrm{softplus}(\ell) - \sum x\ell + \tfrac12\sum z^2 - \tfrac12\sum\varepsilon^2 - \sum s\)
     * (the \(\tfrac12\log 2\pi\) terms of prior and guide cancel).
     */
    private double loss(INDArray x, INDArray eps) {
        long n = (long) batch * layout.pixels();
        var blas = Nd4j.getBlasWrapper();
        double xl = blas.dot(x.reshape(n), flatLogits);
        double sumAbs = blas.asum(flatLogits);
        double sum = blas.dot(flatLogits, onesPixels);
        // log(1 + exp(-|l|)) summed, computed in the scratch buffer (non-negative, so asum is its sum)
        Nd4j.exec(new Abs(logits, tmpPixels));
        tmpPixels.negi();
        Nd4j.exec(new Exp(tmpPixels, tmpPixels));
        Transforms.log1p(tmpPixels, false);
        double softplus = 0.5 * (sum + sumAbs) + blas.asum(tmpPixels.reshape(n));
        long m = (long) batch * layout.latent();
        double zz = blas.dot(flatZ, flatZ);
        INDArray flatEps = eps.reshape(m);
        double ee = blas.dot(flatEps, flatEps);
        double ss = blas.dot(s.reshape(m), onesLatent);
        double logPz = -0.5 * zz - m * HALF_LOG_2PI;
        double logQ = -0.5 * ee - ss - m * HALF_LOG_2PI;
        return -(xl - softplus + logPz - logQ);
    }

    private void check(INDArray a, int cols, String what) {
        if (a.rank() != 2 || a.size(0) != batch || a.size(1) != cols || a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("HandCodedVae: " + what + " must be float32 [" + batch + ", " + cols + "], got "
                    + a.dataType() + " " + java.util.Arrays.toString(a.shape()));
        }
    }

    /** One Adam update of the parameters from the current gradient buffer. */
    public void adamStep() {
        adam.step(params, grads);
    }

    /** A whole training step: {@link #computeGradients} then {@link #adamStep}; returns the loss. */
    public double step(INDArray x, INDArray eps) {
        double loss = computeGradients(x, eps);
        adamStep();
        return loss;
    }

    /** Restarts from {@code flat} with fresh Adam moments. */
    public void reset(INDArray flat) {
        params.assign(flat.reshape(layout.size()));
        adam.reset();
    }

    /** The flat parameter buffer (the library's {@code Params} layout). */
    public INDArray flatParams() {
        return params;
    }

    /** The flat gradient buffer of the last {@link #computeGradients}. */
    public INDArray flatGrads() {
        return grads;
    }
}
