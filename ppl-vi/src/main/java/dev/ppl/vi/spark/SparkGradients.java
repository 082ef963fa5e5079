package dev.ppl.vi.spark;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.dist.Rng;
import dev.ppl.autodiff.Var;
import dev.ppl.vi.train.GradientSource;
import dev.ppl.vi.train.ParameterCoverage;
import dev.ppl.vi.train.MinibatchIndices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link GradientSource} that estimates each step's gradient data-parallel on Apache Spark.
 * The \(N\) records live in an RDD of \(P\) partitions, numbered \(0..N-1\) in partition order
 * and held in executor memory. Step \(s\):
 * <ol>
 *   <li>the driver computes the minibatch \(B_s\), \(|B_s| = m\), exactly as
 *       {@link dev.ppl.vi.train.Minibatches} would ({@link MinibatchIndices} with the data seed),
 *       and broadcasts it with the parameters \(\theta\) (a plain array) and the step key \(k_s\);</li>
 *   <li>partition \(p\) takes its share \(B_p = B_s \cap \text{(its rows)}\), \(m_p = |B_p|\), sets its
 *       executor's replica to \(\theta\), and estimates the objective on \(B_p\) with the data
 *       plate's scale \(N/m_p\) and the key \(k_{s,p}\) = {@code k_s.fold(p)}
 *       ({@link Replica#objective}), weighting the result by \(w_p = m_p/m\);</li>
 *   <li>{@code treeAggregate} sums the partitions' values and gradients; the driver writes the sum
 *       into the gradient buffer and the {@link dev.ppl.vi.train.Trainer} steps its optimizer.</li>
 * </ol>
 *
 * <p><b>Unbiasedness.</b> For an objective \(L(\theta) = G(\theta) + \sum_{i=1}^N \ell_i(\theta)\)
 * (global terms \(G\): priors and entropies of global latents; data terms \(\ell_i\)), let the
 * program's estimate on a shard \(B_p\) with scale \(c_p\) satisfy
 * \(E[\nabla \hat L_p] = \nabla G + c_p \sum_{i \in B_p} \nabla \ell_i\). Then
 * \[ \hat g = \sum_{p=1}^P w_p \nabla \hat L_p, \qquad w_p = \frac{m_p}{m},\; c_p = \frac{N}{m_p}, \]
 * has \(E[\hat g \mid B_s] = \sum_p \frac{m_p}{m}\nabla G + \sum_p \frac{m_p}{m}\frac{N}{m_p}\sum_{i\in B_p}
 * \nabla\ell_i = \nabla G + \frac{N}{m}\sum_{i \in B_s}\nabla \ell_i\) (since \(\sum_p m_p = m\)), and
 * over the uniformly drawn \(B_s\), \(E[\hat g] = \nabla G + \sum_{i=1}^N \nabla \ell_i = \nabla L\). The
 * global terms are counted once (their weights sum to 1) and the data terms with the
 * single-process minibatch's scale \(N/m\). For a program with no random choices the sum equals
 * the single-process estimate on \(B_s\) exactly (up to rounding).
 *
 * <p><b>Reproducibility.</b> Every random draw of step \(s\) on partition \(p\) comes from
 * \(k_{s,p}\) (the objective from {@code k_{s,p}.fold(0)}, {@link Replica#batch} from
 * {@code .fold(1)}), never from the task attempt: a task that Spark retries after a failure
 * computes the same numbers, and a run is reproducible for a given seed, data order and
 * partitioning. The partitioning is part of the run ({@link #configuration}): re-partitioned
 * data give different (equally valid) estimates.
 *
 * <p>Per step, the driver sends one broadcast of \(4|\theta|\) bytes (float32) plus \(4m\) bytes of
 * indices, and every partition returns \(4|\theta|\) (float32) or \(8|\theta|\) bytes. Call
 * {@link #close} to release the cached partitions.
 *
 * <p><b>Where the records come from.</b> Each step's tasks carry their partitions' lineage: an
 * RDD made by {@code sc.parallelize(list)} carries its slice of the list in every task of every
 * step (Spark warns of "a task of very large size"), so create the RDD from storage
 * ({@code textFile}, a Dataset) or from small descriptors that executors expand
 * ({@code parallelize(ranges).flatMap(load)}), as the {@code vae --spark} example does.
 *
 * @param <R> the record type
 * @param <B> the objective's argument type
 */
public final class SparkGradients<R, B> implements GradientSource, AutoCloseable {
    private final JavaSparkContext sc;
    private final JavaRDD<Shard<R>> shards;
    private final ReplicaFactory<R, B> factory;
    private final Replica<R, B> driverReplica;
    private final MinibatchIndices schedule;
    private final String runId = UUID.randomUUID().toString();
    private final long[] partitionSizes;
    private final int factoryBytes;
    private final R probe;
    private boolean checkCoverage = true;
    private volatile SparkStepTimings lastTimings;

    private SparkGradients(JavaRDD<R> data, ReplicaFactory<R, B> factory, int batchSize, long dataSeed) {
        Objects.requireNonNull(data, "data");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.factoryBytes = Serialization.requireSerializable(factory, "SparkGradients: the ReplicaFactory");
        this.sc = JavaSparkContext.fromSparkContext(data.context());
        List<Long> sizes = data.mapPartitions(SparkGradients::countOf).collect();
        this.partitionSizes = sizes.stream().mapToLong(Long::longValue).toArray();
        long n = Arrays.stream(partitionSizes).sum();
        if (n == 0) {
            throw new IllegalArgumentException("SparkGradients: the data RDD is empty (" + partitionSizes.length
                    + " partitions, 0 records)");
        }
        if (batchSize <= 0 || batchSize > n) {
            throw new IllegalArgumentException("SparkGradients: batch size must be in [1, " + n
                    + "] (the number of records), got " + batchSize);
        }
        long[] starts = new long[partitionSizes.length];
        for (int p = 1; p < starts.length; p++) {
            starts[p] = starts[p - 1] + partitionSizes[p - 1];
        }
        this.shards = data.mapPartitionsWithIndex((p, it) -> List.of(new Shard<>(p, starts[p], listOf(it))).iterator(), true)
                .persist(StorageLevel.MEMORY_ONLY());
        shards.count();
        this.schedule = new MinibatchIndices(n, batchSize, dataSeed);
        this.driverReplica = factory.create();
        this.probe = data.first();
    }

    /**
     * The gradient source for minibatches of {@code batchSize} of the records of {@code data},
     * shuffled from {@code dataSeed} as {@link dev.ppl.vi.train.Minibatches} does, with the model
     * and objective of {@code factory}. Materializes and caches the partitions (one job) and builds
     * the driver's replica.
     *
     * @throws IllegalArgumentException if the factory is not serializable (naming the class it
     *     refers to), the RDD is empty, or {@code batchSize} is not in {@code [1, N]}
     */
    public static <R, B> SparkGradients<R, B> over(JavaRDD<R> data, ReplicaFactory<R, B> factory, int batchSize, long dataSeed) {
        return new SparkGradients<>(data, factory, batchSize, dataSeed);
    }

    /**
     * Skips the first step's parameter-coverage check (for parameters that another optimizer
     * trains, or that should stay fixed); the single-process trainer's
     * {@code allowUntrainedParameters()}. Call before training.
     */
    public SparkGradients<R, B> allowUntrainedParameters() {
        this.checkCoverage = false;
        return this;
    }

    /** The driver's parameters: train these ({@link SparkTrainer}); each step ships their values. */
    public Params params() {
        return driverReplica.params();
    }

    /** The driver's replica (for evaluation on the driver with the trained parameters). */
    public Replica<R, B> driverReplica() {
        return driverReplica;
    }

    /** The number of records \(N\). */
    public long records() {
        return schedule.rows();
    }

    /** The minibatch size \(m\). */
    public int batchSize() {
        return schedule.batchSize();
    }

    /** The number of records in each partition, in partition order. */
    public long[] partitionSizes() {
        return partitionSizes.clone();
    }

    /** Minibatches per epoch, \(\lfloor N/m \rfloor\). */
    public long batchesPerEpoch() {
        return schedule.batchesPerEpoch();
    }

    /** The bytes of the serialized factory (sent with every task). */
    public int factoryBytes() {
        return factoryBytes;
    }

    @Override
    public double estimateInto(long step, Rng key, Params params, double c) {
        if (checkCoverage) {
            requireCoverage(key, params);
            checkCoverage = false;
        }
        long t0 = System.nanoTime();
        StepPlan plan = new StepPlan(runId, step, key, schedule.indices(step), schedule.rows(), c,
                FlatArray.of(params.flatValues()));
        Broadcast<StepPlan> b = sc.broadcast(plan);
        ReplicaFactory<R, B> f = factory;
        GradientSum sum;
        long t1 = System.nanoTime(), t2;
        try {
            sum = shards.treeAggregate(new GradientSum(), (acc, shard) -> ShardStep.add(acc, shard, b.value(), f),
                    GradientSum::merge, 2);
        } finally {
            t2 = System.nanoTime();
            b.destroy();
        }
        if (sum.records != plan.indices().length) {
            throw new IllegalStateException("SparkGradients: step " + step + " covered " + sum.records + " of the "
                    + plan.indices().length + " minibatch records; the partitions changed since the run started");
        }
        params.flatGrads().assign((sum.floatGrad != null ? Nd4j.createFromArray(sum.floatGrad)
                : Nd4j.createFromArray(sum.doubleGrad)).castTo(params.dtype()));
        long t3 = System.nanoTime();
        lastTimings = new SparkStepTimings((t1 - t0) / 1e6, (t2 - t1) / 1e6, sum.slowestTaskMillis, sum.allTasksMillis,
                (t3 - t2) / 1e6);
        return sum.value;
    }

    /**
     * The single-process trainer's first-step check ({@link ParameterCoverage}), made on the
     * driver's replica with one record of the data (the first): every trained parameter is
     * reached by the objective's surrogate, and the surrogate has no trainable leaf outside them.
     */
    private void requireCoverage(Rng key, Params params) {
        Var t = driverReplica.objective(1, schedule.rows()).surrogate(key.fold(0x5ca1e), driverReplica.batch(List.of(probe), key));
        ParameterCoverage.require(t, params);
    }

    /** Where the last step's time went, or null before the first step. */
    public SparkStepTimings lastTimings() {
        return lastTimings;
    }

    @Override
    public String describeBatch(long step) {
        int[] idx = schedule.indices(step);
        int[] head = Arrays.copyOf(idx, Math.min(8, idx.length));
        return "minibatch of " + idx.length + " records (global indices " + Arrays.toString(head)
                + (idx.length > 8 ? "..." : "") + ") over " + partitionSizes.length + " partitions";
    }

    @Override
    public Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.records", Long.toString(schedule.rows()));
        c.put("spark.batchSize", Integer.toString(schedule.batchSize()));
        c.put("spark.dataSeed", Long.toString(schedule.seed()));
        c.put("spark.partitionSizes", Arrays.toString(partitionSizes));
        return c;
    }

    /** Unpersists the cached partitions and drops this run's replicas in the driver's JVM. */
    @Override
    public void close() {
        shards.unpersist(false);
        ReplicaPool.release(runId);
    }

    private static <T> Iterator<Long> countOf(Iterator<T> it) {
        long n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return List.of(n).iterator();
    }

    private static <T> List<T> listOf(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
