package dev.ppl.vi.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;

/**
 * The check that an object survives Java serialization (Spark's closure serializer), run on the
 * driver before any job, so that a factory capturing an ND4J array or a model fails at once with
 * a message naming the offending class rather than as a "Task not serializable" deep in Spark.
 * Returns the serialized size in bytes.
 */
final class Serialization {
    private Serialization() {}

    static int requireSerializable(Object o, String role) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(role + " " + o.getClass().getName() + " is not serializable: it refers to "
                    + e.getMessage() + ", which is not java.io.Serializable. Spark ships it to the executors, so it must "
                    + "capture only serializable values (sizes, seeds, file names); build ND4J arrays, Params and models "
                    + "inside create(), on the executor", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(role + " " + o.getClass().getName() + " cannot be serialized: " + e, e);
        }
        return bytes.size();
    }
}
