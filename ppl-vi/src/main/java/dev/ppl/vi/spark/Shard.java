package dev.ppl.vi.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition of the data set held in memory: its partition number \(p\), the global index
 * of its first record (records are numbered \(0..N-1\) in partition order, as by
 * {@code zipWithIndex}) and its records. {@link #share} picks the records of a minibatch that
 * live here. Immutable after construction.
 *
 * @param <R> the record type
 */
final class Shard<R> implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final long start;
    private final ArrayList<R> records;

    Shard(int partition, long start, List<R> records) {
        this.partition = partition;
        this.start = start;
        this.records = new ArrayList<>(records);
    }

    int size() {
        return records.size();
    }

    /** The records whose global indices appear in {@code indices}, in the order of {@code indices}. */
    List<R> share(int[] indices) {
        List<R> out = new ArrayList<>();
        long end = start + records.size();
        for (int i : indices) {
            if (i >= start && i < end) {
                out.add(records.get((int) (i - start)));
            }
        }
        return out;
    }
}
