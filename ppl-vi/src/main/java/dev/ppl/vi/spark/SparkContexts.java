package dev.ppl.vi.spark;

import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Master URL checks and a Spark context set up for this library: no web UI, the driver bound to
 * the loopback address in local mode (a machine without outside network still runs), and task
 * results up to 256 MB returned directly (a partition's gradient is \(4|\theta|\) bytes).
 */
public final class SparkContexts {
    /** Master URL forms Spark accepts: local[N|*][,F], local-cluster[..], spark://, yarn, k8s://, mesos://. */
    private static final Pattern MASTER = Pattern.compile(
            "local|local\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\]|local-cluster\\[[0-9]+,\\s*[0-9]+,\\s*[0-9]+\\]"
                    + "|spark://[^\\s]+|yarn|k8s://[^\\s]+|mesos://[^\\s]+");

    private SparkContexts() {}

    /**
     * Returns {@code master} if it has one of Spark's master URL forms; otherwise throws an
     * {@link IllegalArgumentException} naming the value and the forms.
     */
    public static String requireValidMaster(String master) {
        if (master == null || !MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("unknown Spark master URL '" + master + "'; expected local, local[N], "
                    + "local[*], local[N,maxFailures], spark://HOST:PORT, yarn, k8s://URL or mesos://URL");
        }
        return master;
    }

    /**
     * A context for {@code master} named {@code appName}: the UI disabled and, for a local
     * master, the driver on 127.0.0.1. Under {@code spark-submit} the submitted settings win.
     */
    public static JavaSparkContext create(String master, String appName) {
        SparkConf conf = new SparkConf().setMaster(requireValidMaster(master)).setAppName(appName)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // a partition's gradient (4 bytes a parameter) comes back with the task's status, not as a block to fetch
                .setIfMissing("spark.task.maxDirectResultSize", "256m");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return new JavaSparkContext(conf);
    }
}
