package dev.ppl.examples.vae;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.spark.Replica;
import dev.ppl.vi.spark.ReplicaFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link GaussianVae} as a Spark {@link ReplicaFactory}: records are images as
 * {@code float[]} grey levels; a shard's batch stacks them and binarizes them with the shard's
 * key; the objective is the ELBO of {@link GaussianVae#problem(int, double)}. This factory holds
 * only sizes and seeds (serializable); each JVM builds its own network.
 *
 * <p>The single-process {@code vae} run maximizes the minibatch sum \(\sum_{i \in B}
 * \mathrm{ELBO}_i\) (scale 1), which is the unbiased full-data objective divided by \(N/m\). To
 * train the same objective, a shard of \(m_p\) images scales its per-image terms by the data
 * scale \(N/m_p\) it is given times \(m/N\), i.e. by \(m/m_p\); with the weights \(m_p/m\) the sum
 * over shards is again \(\sum_{i \in B}\mathrm{ELBO}_i\).
 */
public final class SparkVae implements ReplicaFactory<float[], INDArray> {
    private static final long serialVersionUID = 1L;
    private final int pixels;
    private final int latent;
    private final int hidden;
    private final long seed;
    private final double batchOverData;

    /** The factory for a VAE of these sizes, initialised from {@code seed}, trained with batches of {@code batchSize} of {@code records}. */
    public SparkVae(int pixels, int latent, int hidden, long seed, int batchSize, long records) {
        this.pixels = pixels;
        this.latent = latent;
        this.hidden = hidden;
        this.seed = seed;
        this.batchOverData = (double) batchSize / records;
    }

    @Override
    public VaeReplica create() {
        return new VaeReplica(new GaussianVae(pixels, latent, hidden, seed), batchOverData);
    }

    /** One JVM's VAE; {@link #vae} gives the network (on the driver: the trained one). */
    public static final class VaeReplica implements Replica<float[], INDArray> {
        private final GaussianVae vae;
        private final double batchOverData;
        private final Map<Integer, Expectation<INDArray>> objectives = new HashMap<>();

        VaeReplica(GaussianVae vae, double batchOverData) {
            this.vae = vae;
            this.batchOverData = batchOverData;
        }

        /** The network. */
        public GaussianVae vae() {
            return vae;
        }

        @Override
        public Params params() {
            return vae.params();
        }

        /** Cached by size: the trainer's scale \(N/m_p\) is a function of the size \(m_p\). */
        @Override
        public Expectation<INDArray> objective(int size, double scale) {
            return objectives.computeIfAbsent(size, n -> Objectives.elbo(vae.problem(n, scale * batchOverData)));
        }

        @Override
        public INDArray batch(List<float[]> records, Rng key) {
            float[][] rows = records.toArray(new float[0][]);
            return Binarized.sample(Nd4j.create(rows), key);
        }
    }
}
