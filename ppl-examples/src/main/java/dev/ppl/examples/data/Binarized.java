package dev.ppl.examples.data;

import dev.ppl.dist.Rng;
import dev.ppl.vi.train.DataSource;
import dev.ppl.vi.train.Minibatches;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dynamically binarized minibatches: step \(s\) takes the rows of {@link Minibatches} for \(s\)
 * (grey levels \(g \in [0, 1]\)) and draws each pixel as \(x = 1\) with probability \(g\), from the
 * key {@code Rng.of(seed).fold(s)}. A fresh binarization per step acts as data augmentation
 * (Salakhutdinov and Murray 2008); the batch is still a pure function of the step, so a resumed
 * run sees the same batches.
 */
public final class Binarized implements DataSource<INDArray> {
    private final Minibatches batches;
    private final long seed;

    /** Binarized batches of {@code batches}, with pixel noise seeded by {@code seed}. */
    public Binarized(Minibatches batches, long seed) {
        this.batches = batches;
        this.seed = seed;
    }

    /** The underlying minibatches (batch size, batches per epoch). */
    public Minibatches minibatches() {
        return batches;
    }

    @Override
    public INDArray batch(long step) {
        return sample(batches.batch(step).rows(), Rng.of(seed).fold(step));
    }

    /** One binarization of grey levels {@code grey}: each pixel 1 with probability its grey level. */
    public static INDArray sample(INDArray grey, Rng rng) {
        return rng.uniform(grey.dataType(), grey.shape()).lt(grey).castTo(grey.dataType());
    }
}
