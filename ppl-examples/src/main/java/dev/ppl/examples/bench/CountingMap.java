package dev.ppl.examples.bench;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.memory.Deallocatable;
import org.nd4j.linalg.api.memory.deallocation.DeallocatableReference;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts registrations with ND4J's deallocator by kind (and, optionally, by creation site): a
 * replacement of the deallocator service's reference map, for {@link StepProfile}'s allocation
 * sections. {@link #install} puts it in place (once per process).
 */
final class CountingMap extends ConcurrentHashMap<String, DeallocatableReference> {
    final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    final Map<String, LongAdder> bySite = new ConcurrentHashMap<>();
    final LongAdder puts = new LongAdder();
    final LongAdder removes = new LongAdder();
    volatile boolean sites;
    volatile Thread only;

    @Override
    public DeallocatableReference put(String key, DeallocatableReference value) {
        if (only == null || Thread.currentThread() == only) {
            puts.increment();
            Deallocatable d = value.get();
            byKind.computeIfAbsent(kind(d), k -> new LongAdder()).increment();
            if (sites) {
                bySite.computeIfAbsent(kind(d) + " <- " + site(), k -> new LongAdder()).increment();
            }
        }
        return super.put(key, value);
    }

    @Override
    public DeallocatableReference remove(Object key) {
        removes.increment();
        return super.remove(key);
    }

    private static String kind(Deallocatable d) {
        if (d == null) {
            return "(collected)";
        }
        String name = d.getClass().getSimpleName();
        if (d instanceof DataBuffer b) {
            String what = b.isAttached() ? "workspace" : "detached";
            String view = b.underlyingDataBuffer() != null && b.underlyingDataBuffer() != b ? " view" : "";
            return name + " " + b.dataType() + " " + what + view + (b.length() <= 1 ? " len<=1" : "");
        }
        return name;
    }

    private static String site() {
        return StackWalker.getInstance().walk(frames -> {
            StringBuilder b = new StringBuilder();
            String nd4j = null;
            int kept = 0;
            for (var f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String c = f.getClassName();
                if (c.startsWith("org.nd4j.") || c.startsWith("java.") || c.equals(CountingMap.class.getName())) {
                    if (c.startsWith("org.nd4j.") && kept == 0) {
                        nd4j = shortName(c) + "." + f.getMethodName(); // ends as the entry into ND4J
                    }
                    continue;
                }
                if (c.startsWith("dev.ppl.examples.bench.") && kept > 0) {
                    break;
                }
                b.append(kept == 0 ? "" : " < ").append(shortName(c)).append('.').append(f.getMethodName()).append(':')
                        .append(f.getLineNumber());
                if (++kept == 3) {
                    break;
                }
            }
            return (nd4j == null ? "" : "[" + nd4j + "] ") + b;
        });
    }

    private static String shortName(String c) {
        return c.substring(c.lastIndexOf('.') + 1);
    }

    /** Replaces ND4J's deallocator map by a counting one (or returns the one already installed). */
    static CountingMap install() throws ReflectiveOperationException {
        DeallocatorService service = Nd4j.getDeallocatorService();
        Field f = DeallocatorService.class.getDeclaredField("referenceMap");
        f.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<String, DeallocatableReference> old = (Map<String, DeallocatableReference>) f.get(service);
        if (old instanceof CountingMap c) {
            return c;
        }
        CountingMap c = new CountingMap();
        c.putAll(old);
        c.puts.reset();
        c.byKind.clear();
        f.set(service, c);
        return c;
    }
}
