package dev.ppl.autodiff.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The fastest hand-written ND4J training step for the {@link MlpProblem} that we know how to
 * write: the "hand-coded" column the library is measured against.
 *
 * <ul>
 *   <li>one flat parameter buffer with {@code W1, b1, W2, b2} as views, one flat gradient buffer
 *       with views, and flat Adam moments;</li>
 *   <li>every intermediate ({@code Z1 = H}, {@code Y = dY}, {@code dH}, {@code dZ1}, the update)
 *       allocated once in the constructor, so a step allocates no native memory;</li>
 *   <li>{@code Nd4j.gemm(a, b, c, transA, transB, alpha, beta)} writing straight into those buffers
 *       (weight gradients straight into the gradient views), the loss's {@code 1/B} folded into
 *       the GEMMs' {@code alpha}, bias add with {@code addiRowVector}, in-place ReLU;</li>
 *   <li>ReLU backward as {@code step(h) ⊙ dH} (two in-place calls: measured several times faster
 *       than the single fused {@code relu_bp} op in ND4J 1.0.0-M2.1);</li>
 *   <li>bias gradients as {@code 1ᵀ·dY} GEMMs into the gradient views (measured several times
 *       faster than the column-sum reduction {@code dY.sum(out, 0)});</li>
 *   <li>the fused {@code adam_updater} op over the flat buffers, then {@code params -= update}
 *       (the same two native calls as the library's {@code Adam}).</li>
 * </ul>
 * A step is 5 GEMMs, 2 bias GEMMs with one row and 8 other native calls.
 */
public final class HandWrittenMlp implements MlpTrainer {
    private final INDArray x;
    private final INDArray t;
    private final double invBatch;

    private final INDArray initial;
    private final INDArray params;
    private final INDArray grads;
    private final INDArray w1;
    private final INDArray b1;
    private final INDArray w2;
    private final INDArray b2;
    private final INDArray dw1;
    private final INDArray dw2;
    private final INDArray db1Row;  // b1's gradient, a [1, 400] view (a row, for GEMM)
    private final INDArray db2Row;  // b2's gradient, a [1, 20] view
    private final INDArray ones;    // [1, B]

    private final INDArray h;    // [B, 400]: x·W1 + b1, then ReLU in place
    private final INDArray y;    // [B, 20]: h·W2 + b2, then y - t in place
    private final INDArray dh;   // [B, 400]
    private final INDArray dz1;  // [B, 400]

    private final INDArray m;
    private final INDArray v;
    private final INDArray update;
    private int iteration;

    /** Starts from a copy of {@code initialFlat} (in the {@link MlpProblem} layout). */
    public HandWrittenMlp(MlpProblem problem, INDArray initialFlat) {
        if (initialFlat.length() != MlpProblem.N_PARAMS) {
            throw new IllegalArgumentException("expected " + MlpProblem.N_PARAMS + " parameters, got " + initialFlat.length());
        }
        var dtype = problem.dtype();
        this.x = problem.x();
        this.t = problem.t();
        int batch = problem.batch();
        this.invBatch = 1.0 / batch;
        this.initial = initialFlat.reshape(MlpProblem.N_PARAMS).castTo(dtype).dup();
        this.params = initial.dup();
        this.grads = Nd4j.zeros(dtype, MlpProblem.N_PARAMS);
        long[] offsets = new long[4];
        long[][] shapes = {{MlpProblem.IN, MlpProblem.HIDDEN}, {MlpProblem.HIDDEN},
            {MlpProblem.HIDDEN, MlpProblem.OUT}, {MlpProblem.OUT}};
        for (int i = 1; i < 4; i++) {
            offsets[i] = offsets[i - 1] + length(shapes[i - 1]);
        }
        this.w1 = view(params, offsets[0], shapes[0]);
        this.b1 = view(params, offsets[1], shapes[1]);
        this.w2 = view(params, offsets[2], shapes[2]);
        this.b2 = view(params, offsets[3], shapes[3]);
        this.dw1 = view(grads, offsets[0], shapes[0]);
        this.dw2 = view(grads, offsets[2], shapes[2]);
        this.db1Row = view(grads, offsets[1], new long[] {1, MlpProblem.HIDDEN});
        this.db2Row = view(grads, offsets[3], new long[] {1, MlpProblem.OUT});
        this.ones = Nd4j.ones(dtype, 1, batch);
        this.h = Nd4j.createUninitialized(dtype, batch, MlpProblem.HIDDEN);
        this.y = Nd4j.createUninitialized(dtype, batch, MlpProblem.OUT);
        this.dh = Nd4j.createUninitialized(dtype, batch, MlpProblem.HIDDEN);
        this.dz1 = Nd4j.createUninitialized(dtype, batch, MlpProblem.HIDDEN);
        this.m = Nd4j.zeros(dtype, MlpProblem.N_PARAMS);
        this.v = Nd4j.zeros(dtype, MlpProblem.N_PARAMS);
        this.update = Nd4j.createUninitialized(dtype, MlpProblem.N_PARAMS);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static INDArray view(INDArray flat, long offset, long[] shape) {
        // a contiguous interval reshaped in 'c' order is a view; were it a copy, HandWrittenMlpTest would fail
        return flat.get(NDArrayIndex.interval(offset, offset + length(shape))).reshape('c', shape);
    }

    @Override
    public String name() {
        return "hand-coded";
    }

    /** Forward and backward into the preallocated buffers; afterwards {@code y} holds y - t. */
    private void forwardBackward() {
        // forward: h = relu(x W1 + b1), y = h W2 + b2
        Nd4j.gemm(x, w1, h, false, false, 1.0, 0.0);
        h.addiRowVector(b1);
        Transforms.relu(h, false);
        Nd4j.gemm(h, w2, y, false, false, 1.0, 0.0);
        y.addiRowVector(b2);
        // dL/dy = (y - t) / B: keep y - t, the 1/B goes into the alphas below
        y.subi(t);
        // layer 2: dW2 = hᵀ dY, db2 = 1ᵀ dY, dH = dY W2ᵀ
        Nd4j.gemm(h, y, dw2, true, false, invBatch, 0.0);
        Nd4j.gemm(ones, y, db2Row, false, false, invBatch, 0.0);
        Nd4j.gemm(y, w2, dh, false, true, invBatch, 0.0);
        // ReLU backward: dZ1 = [h > 0] ⊙ dH (h > 0 iff the pre-activation > 0); layer 1: dW1 = xᵀ dZ1, db1 = 1ᵀ dZ1
        Nd4j.exec(new Step(h, dz1));
        dz1.muli(dh);
        Nd4j.gemm(x, dz1, dw1, true, false, 1.0, 0.0);
        Nd4j.gemm(ones, dz1, db1Row, false, false, 1.0, 0.0);
    }

    @Override
    public void step() {
        forwardBackward();
        adamStep();
    }

    @Override
    public double computeGradients() {
        forwardBackward();
        double norm = Nd4j.getBlasWrapper().nrm2(y.reshape(y.length()));   // ||y - t||
        return 0.5 * invBatch * norm * norm;
    }

    @Override
    public void adamStep() {
        Nd4j.exec(new AdamUpdater(grads, v, m, update, v, m, MlpProblem.LR, MlpProblem.BETA1, MlpProblem.BETA2,
                MlpProblem.EPS, iteration));
        params.subi(update);
        iteration++;
    }

    /** Only the 5 GEMMs of a step, into the same buffers: a lower bound on the step time. */
    public void gemmsOnly() {
        Nd4j.gemm(x, w1, h, false, false, 1.0, 0.0);
        Nd4j.gemm(h, w2, y, false, false, 1.0, 0.0);
        Nd4j.gemm(h, y, dw2, true, false, 1.0, 0.0);
        Nd4j.gemm(y, w2, dh, false, true, 1.0, 0.0);
        Nd4j.gemm(x, dz1, dw1, true, false, 1.0, 0.0);
    }

    @Override
    public void reset() {
        params.assign(initial);
        m.assign(0);
        v.assign(0);
        iteration = 0;
    }

    @Override
    public INDArray flatParams() {
        return params;
    }

    @Override
    public INDArray flatGrads() {
        return grads;
    }
}
