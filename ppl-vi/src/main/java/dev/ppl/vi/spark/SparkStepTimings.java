package dev.ppl.vi.spark;

/**
 * Where the wall time of one {@link SparkGradients} step went, in milliseconds: {@code plan}
 * (the minibatch indices, copying \(\theta\) off the parameters and creating the broadcast),
 * {@code job} (the {@code treeAggregate} job, from submission to the summed result on the
 * driver), of which {@code slowestTask} is the longest in-task computation of one partition
 * (setting \(\theta\), building the batch, estimating, copying the gradient out) and
 * {@code allTasks} their sum, and {@code apply} (writing the sum into the gradient buffer and
 * destroying the broadcast). {@code job - slowestTask} is Spark's scheduling, serialization and
 * transfer overhead for the step.
 *
 * @param plan driver-side preparation
 * @param job the aggregation job's wall time
 * @param slowestTask the longest partition computation
 * @param allTasks the partition computations added up
 * @param apply driver-side writing of the result
 */
public record SparkStepTimings(double plan, double job, double slowestTask, double allTasks, double apply) {}
