package dev.ppl.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The op outputs of one {@link Arena} id, reused cycle after cycle. A training step requests the
 * same shapes in every cycle, so the \(j\)-th request for a (type, shape) in a cycle receives the
 * array that answered the \(j\)-th such request in the previous cycle: after the first cycle a
 * step creates no arrays for these outputs (creating an ND4J array costs about as much as a
 * small op). Arrays live outside every ND4J workspace and are owned by the pool; at the start of
 * each cycle the pool keeps only what the previous cycle used, so it holds one cycle's outputs.
 */
final class ArrayPool {
    private record Key(DataType type, long[] shape) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(shape);
        }
    }

    private static final class Slot {
        final List<INDArray> arrays = new ArrayList<>();
        int next;
    }

    private final String id;
    private final Map<Key, Slot> slots = new HashMap<>();
    private final Set<DataBuffer> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private int depth;
    private long cycles;
    private Arena.Cycle cycle;

    ArrayPool(String id) {
        this.id = id;
    }

    /** The current cycle (null before the first). */
    Arena.Cycle cycle() {
        return cycle;
    }

    /** Starts a cycle (an outermost open): every array becomes available again. */
    void enter() {
        if (depth++ > 0) {
            return;
        }
        cycle = new Arena.Cycle(id, ++cycles);
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            Slot s = it.next();
            while (s.arrays.size() > s.next) {
                owned.remove(s.arrays.remove(s.arrays.size() - 1).data());
            }
            if (s.arrays.isEmpty()) {
                it.remove();
            }
            s.next = 0;
        }
    }

    /** Ends a cycle. */
    void exit() {
        if (--depth == 0 && cycle != null) {
            cycle.close();
        }
    }

    /** An array of this type and shape not yet handed out in this cycle (c order, contents undefined). */
    INDArray take(DataType type, long[] shape) {
        Slot s = slots.computeIfAbsent(new Key(type, shape.clone()), k -> new Slot());
        if (s.next < s.arrays.size()) {
            return s.arrays.get(s.next++);
        }
        INDArray a;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            a = Nd4j.createUninitialized(type, shape);
        }
        s.arrays.add(a);
        owned.add(a.data());
        s.next++;
        return a;
    }

    /** Whether {@code a} (or the array it is a view of) belongs to this pool. */
    boolean owns(INDArray a) {
        DataBuffer b = a.data();
        DataBuffer root = b.originalDataBuffer() != null ? b.originalDataBuffer() : b;
        return owned.contains(root) || owned.contains(b);
    }
}
