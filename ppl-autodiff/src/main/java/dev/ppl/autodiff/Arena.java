package dev.ppl.autodiff;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A scoped memory arena for one training step: every array created on this thread while it is
 * open (forward values, backward gradients) is bump-allocated from a reusable off-heap block,
 * and the whole block is reclaimed at once when it closes. After the first few steps have
 * taught it the step's size, a step allocates no fresh native memory and causes no page faults.
 *
 * <pre>{@code
 * try (Arena arena = Arena.open("vae-step")) {
 *     Var loss = objective(params, batch);
 *     params.setGrads(Grad.grad(loss, params.vars()));   // copied into the flat buffer
 *     lossValue = loss.item();                            // read before close
 * }
 * optimizer.step(params);
 * }</pre>
 *
 * <p>Ops also take their outputs from the arena's pool ({@link #uninitialized}): the arrays a
 * step's ops wrote in the previous cycle are handed out again, in the same order per type and
 * shape, so after the first step no output array is created at all.
 *
 * <p><b>Lifetime rule:</b> arrays created inside an arena are invalid after it closes (their
 * memory is reused by the next step under the same id). A {@link Var} computed inside it fails
 * loudly when its value is read after the close ({@link Var#value()} throws
 * {@link IllegalStateException} naming the op and the arena); a raw {@link INDArray} taken out of
 * it cannot be guarded, so do not keep one. Copy out what must survive
 * ({@link #detach}) and create long-lived state ({@code Params}, optimizer buffers) outside, or
 * inside {@link #outside}. Use one id per distinct step shape (e.g. per batch size): an arena
 * keeps growing to the largest step it has seen under its id.
 * Backed by an ND4J workspace; ND4J types never appear in this class's contract beyond
 * {@link INDArray}.
 */
public final class Arena implements AutoCloseable {
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.25)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private static final ThreadLocal<Map<String, ArrayPool>> POOLS = ThreadLocal.withInitial(HashMap::new);
    /** The pools of the open arenas on this thread, innermost first; {@link #SUSPENDED} inside {@link #outside}. */
    private static final ThreadLocal<Deque<ArrayPool>> ACTIVE = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ArrayPool SUSPENDED = new ArrayPool("(suspended)");

    private final MemoryWorkspace workspace;
    private final ArrayPool pool;
    private boolean closed;

    private Arena(MemoryWorkspace workspace, ArrayPool pool) {
        this.workspace = workspace;
        this.pool = pool;
    }

    /** Opens (or reopens) the arena named {@code id} on the current thread. */
    public static Arena open(String id) {
        ArrayPool pool = POOLS.get().computeIfAbsent(id, ArrayPool::new);
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
        pool.enter();
        ACTIVE.get().push(pool);
        return new Arena(ws, pool);
    }

    /**
     * An array of {@code dtype} and {@code shape} (c order) with undefined contents, for an op to
     * write its output into: inside an open arena it comes from the arena's pool and follows the
     * lifetime rule above; elsewhere it is a fresh array. Op implementations (including users'
     * custom ops) call this.
     */
    public static INDArray uninitialized(DataType dtype, long... shape) {
        ArrayPool p = ACTIVE.get().peek();
        return p == null || p == SUSPENDED ? Nd4j.createUninitialized(dtype, shape) : p.take(dtype, shape);
    }

    /** A rank-0 array holding {@code value}, from the pool inside an open arena. */
    public static INDArray scalar(DataType dtype, double value) {
        ArrayPool p = ACTIVE.get().peek();
        if (p == null || p == SUSPENDED) {
            return Nd4j.scalar(dtype, value);
        }
        INDArray s = p.take(dtype, new long[0]);
        s.putScalar(0, value);
        return s;
    }

    /** A copy of {@code a} that outlives every arena ({@code a} itself if it already does). */
    public static INDArray detach(INDArray a) {
        for (ArrayPool p : POOLS.get().values()) {
            if (p.owns(a)) {
                return outside(a::dup);
            }
        }
        return a.isAttached() ? a.detach() : a;
    }

    /** The cycle of the innermost open arena on this thread, or null outside arenas (and inside {@link #outside}). */
    static Cycle currentCycle() {
        ArrayPool p = ACTIVE.get().peek();
        return p == null || p == SUSPENDED ? null : p.cycle();
    }

    /**
     * One opening of an arena id, from its outermost {@link #open} to the matching close: what
     * was computed in it is valid while it is open. {@link Var#value()} consults it, so a node
     * read after its arena closed fails loudly instead of returning a later step's numbers.
     */
    static final class Cycle {
        private final String id;
        private final long number;
        private boolean open = true;

        Cycle(String id, long number) {
            this.id = id;
            this.number = number;
        }

        boolean isOpen() {
            return open;
        }

        void close() {
            open = false;
        }

        IllegalStateException usedAfterClose(String op, long[] shape) {
            return new IllegalStateException("the value of op '" + op + "' " + Shapes.str(shape) + " was computed in arena '"
                    + id + "' (opening " + number + "), which has closed: its memory now holds a later step's arrays. "
                    + "Read what must outlive the step before closing (item(), or Arena.detach(var.value()))");
        }
    }

    /** Runs {@code body} with arenas suspended, so the arrays it creates are ordinary long-lived ones. */
    public static <T> T outside(Supplier<T> body) {
        Deque<ArrayPool> active = ACTIVE.get();
        active.push(SUSPENDED);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return body.get();
        } finally {
            active.pop();
        }
    }

    /** Reclaims everything allocated in this scope. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ACTIVE.get().remove(pool);
        pool.exit();
        workspace.close();
    }
}
