package dev.ppl.examples.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba 2015; \(\beta_1 = 0.9\), \(\beta_2 = 0.999\), \(\epsilon = 10^{-8}\), no
 * weight decay) over one flat float32 buffer, as ND4J's fused {@code adam_updater} op computes it:
 * \(m \leftarrow \beta_1 m + (1-\beta_1)g\), \(v \leftarrow \beta_2 v + (1-\beta_2)g^2\),
 * \(\theta \leftarrow \theta - \alpha_t m / (\sqrt v + \epsilon)\) with the bias-corrected step
 * \(\alpha_t = \alpha\sqrt{1-\beta_2^t}/(1-\beta_1^t)\): two native calls, the fastest
 * Adam a plain ND4J program has (the library's {@code Adam} does the same update in one Java pass
 * on the CPU).
 */
final class AdamState {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private final double lr;
    private final INDArray m;
    private final INDArray v;
    private final INDArray update;
    private int iteration;

    AdamState(long size, double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("Adam: learning rate must be positive, got " + lr);
        }
        this.lr = lr;
        this.m = Nd4j.zeros(DataType.FLOAT, size);
        this.v = Nd4j.zeros(DataType.FLOAT, size);
        this.update = Nd4j.createUninitialized(DataType.FLOAT, size);
    }

    /** One update of {@code params} from {@code grads} (flat, the moments' length). */
    void step(INDArray params, INDArray grads) {
        Nd4j.exec(new AdamUpdater(grads, v, m, update, v, m, lr, BETA1, BETA2, EPS, iteration));
        params.subi(update);
        iteration++;
    }

    /** Fresh moments and step count. */
    void reset() {
        m.assign(0);
        v.assign(0);
        iteration = 0;
    }
}
