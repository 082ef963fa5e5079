package dev.ppl.vi.spark;

import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.dist.Rng;
import dev.ppl.vi.train.DataSource;
import dev.ppl.vi.train.StepResult;
import dev.ppl.vi.train.Trainer;
import dev.ppl.vi.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Many independent small variational problems, one per record group (per-group posteriors):
 * the records are grouped by key, and inside {@code mapPartitions} each group \(g\) is fitted by
 * the library's {@link Trainer} (Adam on the full group data, {@link GroupFitSettings}; each
 * step in an arena per group size, so the model must not keep arrays created during a step),
 * maximizing its bound \(L_g(\theta_g) \le \log p(x_g)\). The result is a {@code Dataset<Row>} with
 * the schema {@link #SCHEMA}: {@code group}, {@code records}, {@code parameters} (a map from
 * parameter name to its values), {@code bound} (the mean of the final estimates of \(L_g\)) and
 * {@code boundStdError}. Each group's fit depends only on its records and its key, so the
 * results do not depend on how groups are spread over partitions.
 */
public final class GroupFits {
    /** The schema of the result rows. */
    public static final StructType SCHEMA = new StructType()
            .add("group", DataTypes.StringType, false)
            .add("records", DataTypes.LongType, false)
            .add("parameters", DataTypes.createMapType(DataTypes.StringType,
                    DataTypes.createArrayType(DataTypes.DoubleType, false), false), false)
            .add("bound", DataTypes.DoubleType, false)
            .add("boundStdError", DataTypes.DoubleType, false);

    private GroupFits() {}

    /**
     * Fits {@code model} to every group of {@code data} (key: group, value: one record).
     *
     * @throws IllegalArgumentException if {@code model} is not serializable, naming the class it refers to
     */
    public static <R, B> Dataset<Row> fit(SparkSession spark, JavaPairRDD<String, R> data, GroupModel<R, B> model,
                                          GroupFitSettings settings) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(settings, "settings");
        Serialization.requireSerializable(model, "GroupFits: the GroupModel");
        JavaRDD<Row> rows = data.groupByKey().mapPartitions(it -> {
            List<Row> out = new ArrayList<>();
            while (it.hasNext()) {
                var e = it.next();
                List<R> records = new ArrayList<>();
                e._2().forEach(records::add);
                out.add(toRow(fitOne(e._1(), records, model, settings)));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** Reads a row of {@link #fit}'s result. */
    public static GroupFit fromRow(Row row) {
        Map<String, double[]> params = new LinkedHashMap<>();
        Map<Object, Object> m = row.getJavaMap(row.fieldIndex("parameters"));
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            scala.collection.Seq<?> seq = (scala.collection.Seq<?>) e.getValue();
            double[] v = new double[seq.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((Number) seq.apply(i)).doubleValue();
            }
            params.put((String) e.getKey(), v);
        }
        return new GroupFit(row.getString(row.fieldIndex("group")), row.getLong(row.fieldIndex("records")), params,
                row.getDouble(row.fieldIndex("bound")), row.getDouble(row.fieldIndex("boundStdError")));
    }

    /** Fits one group in this JVM: Adam for the configured steps, Polyak-averaged parameters, the final bound. */
    static <R, B> GroupFit fitOne(String group, List<R> records, GroupModel<R, B> model, GroupFitSettings s) {
        GroupProblem<B> problem = model.build(group, records);
        Params params = problem.params();
        Rng key = Rng.of(s.seed()).fold(group.hashCode());
        INDArray sum = params.flatValues().like();
        long from = s.steps() - s.averageLast();
        Trainer.builder(problem.objective(), DataSource.constant(problem.data()), params, new Adam(s.learningRate()))
                .seed(key.fold(0).bits()).steps(s.steps()).arena("group-fit-" + records.size())
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepResult r) {
                        if (r.step() >= from) {
                            sum.addi(params.flatValues());
                        }
                    }
                })
                .build().train();
        params.flatValues().assign(sum.divi(s.averageLast()));
        Rng boundKey = key.fold(1);
        double mean = 0, sq = 0;
        for (int i = 0; i < s.boundSamples(); i++) {
            double v;
            try (Arena ignored = Arena.open("group-bound-" + records.size())) {
                v = problem.objective().estimate(boundKey.fold(i), problem.data());
            }
            mean += v;
            sq += v * v;
        }
        int n = s.boundSamples();
        mean /= n;
        double var = Math.max(0, (sq - n * mean * mean) / (n - 1));
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String name : params.names()) {
            values.put(name, params.get(name).value().reshape(params.get(name).value().length()).toDoubleVector());
        }
        return new GroupFit(group, records.size(), values, mean, Math.sqrt(var / n));
    }

    private static Row toRow(GroupFit f) {
        Map<String, double[]> p = new LinkedHashMap<>(f.parameters());
        return RowFactory.create(f.group(), f.records(), scala.jdk.javaapi.CollectionConverters.asScala(p), f.bound(),
                f.boundStdError());
    }
}
