/**
 * Data-parallel stochastic variational inference on Apache Spark (an optional, {@code provided}
 * dependency: add {@code org.apache.spark:spark-sql_2.13} to use this package).
 *
 * <ul>
 *   <li>{@link dev.ppl.vi.spark.SparkGradients}: a {@link dev.ppl.vi.train.GradientSource} whose
 *       step estimate is the sum of per-partition estimates computed on the executors, so the
 *       library's {@link dev.ppl.vi.train.Trainer} (progress, checkpoints, exact resume, the
 *       non-finite guard) trains on data held in an RDD; {@link dev.ppl.vi.spark.SparkTrainer}
 *       builds such a trainer.</li>
 *   <li>{@link dev.ppl.vi.spark.GroupFits}: one small variational problem per record group,
 *       fitted inside {@code mapPartitions}, returned as a {@code Dataset<Row>}.</li>
 * </ul>
 * What must be serializable is exactly what travels: a {@link dev.ppl.vi.spark.ReplicaFactory}
 * (or a {@link dev.ppl.vi.spark.GroupModel}) and the records. Parameters travel as plain
 * {@code float[]}/{@code double[]}; models, ND4J arrays and {@code Params} are built on each
 * executor by the factory.
 */
package dev.ppl.vi.spark;
