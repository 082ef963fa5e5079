package dev.ppl.autodiff.bench;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The naive hand-written ND4J training step for the {@link MlpProblem}, for reference: separate
 * arrays per parameter, {@code a.mmul(b)}, {@code a.add(b)} and friends, a new array for every
 * intermediate, explicit transposes, the ReLU mask built as a comparison and cast, and Adam
 * written out with allocating elementwise ops per parameter. Nothing is preallocated and no arena
 * is used; this is the "allocating" column.
 */
public final class AllocatingMlp implements MlpTrainer {
    private final INDArray x;
    private final INDArray t;
    private final int batch;
    private final INDArray initial;
    private final long[][] shapes = {{MlpProblem.IN, MlpProblem.HIDDEN}, {1, MlpProblem.HIDDEN},
        {MlpProblem.HIDDEN, MlpProblem.OUT}, {1, MlpProblem.OUT}};
    private final INDArray[] p = new INDArray[4];   // W1, b1 [1,400], W2, b2 [1,20]
    private final INDArray[] g = new INDArray[4];
    private final INDArray[] m = new INDArray[4];
    private final INDArray[] v = new INDArray[4];
    private long iteration;

    /** Starts from a copy of {@code initialFlat} (in the {@link MlpProblem} layout). */
    public AllocatingMlp(MlpProblem problem, INDArray initialFlat) {
        this.x = problem.x();
        this.t = problem.t();
        this.batch = problem.batch();
        this.initial = initialFlat.reshape(MlpProblem.N_PARAMS).castTo(problem.dtype()).dup();
        reset();
    }

    @Override
    public void reset() {
        long offset = 0;
        for (int i = 0; i < 4; i++) {
            long n = shapes[i][0] * shapes[i][1];
            p[i] = initial.get(NDArrayIndex.interval(offset, offset + n)).dup().reshape(shapes[i]);
            m[i] = Nd4j.zeros(initial.dataType(), shapes[i]);
            v[i] = Nd4j.zeros(initial.dataType(), shapes[i]);
            offset += n;
        }
        iteration = 0;
    }

    @Override
    public String name() {
        return "allocating";
    }

    @Override
    public void step() {
        computeGradients();
        adamStep();
    }

    @Override
    public double computeGradients() {
        INDArray z1 = x.mmul(p[0]).addRowVector(p[1]);
        INDArray h = Transforms.relu(z1, true);
        INDArray yHat = h.mmul(p[2]).addRowVector(p[3]);
        INDArray r = yHat.sub(t);
        double loss = r.mul(r).sumNumber().doubleValue() * 0.5 / batch;
        INDArray dy = r.div(batch);
        g[2] = h.transpose().mmul(dy);
        g[3] = dy.sum(true, 0);
        INDArray dh = dy.mmul(p[2].transpose());
        INDArray dz1 = dh.mul(z1.gt(0.0).castTo(dh.dataType()));
        g[0] = x.transpose().mmul(dz1);
        g[1] = dz1.sum(true, 0);
        return loss;
    }

    @Override
    public void adamStep() {
        long step = iteration + 1;
        double b1 = MlpProblem.BETA1, b2 = MlpProblem.BETA2;
        double alpha = MlpProblem.LR * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
        for (int i = 0; i < 4; i++) {
            m[i] = m[i].mul(b1).add(g[i].mul(1 - b1));
            v[i] = v[i].mul(b2).add(g[i].mul(g[i]).mul(1 - b2));
            INDArray update = m[i].mul(alpha).div(Transforms.sqrt(v[i], true).add(MlpProblem.EPS));
            p[i] = p[i].sub(update);
        }
        iteration++;
    }

    @Override
    public INDArray flatParams() {
        return Nd4j.toFlattened(List.of(p));
    }

    @Override
    public INDArray flatGrads() {
        return Nd4j.toFlattened(List.of(g));
    }
}
