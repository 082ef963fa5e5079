package dev.ppl.vi.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one Spark context of the test JVM (Spark allows one per JVM): {@code local[2,2]}, two
 * executor threads, and a failed task tried up to twice (local mode does not retry otherwise).
 * Started by the first test that needs it, stopped when the JVM exits.
 */
final class LocalSpark {
    private static JavaSparkContext context;

    private LocalSpark() {}

    static synchronized JavaSparkContext context() {
        if (context == null) {
            context = SparkContexts.create("local[2,2]", "ppl-vi-tests");
            JavaSparkContext c = context;
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
        }
        return context;
    }
}
