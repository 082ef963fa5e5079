package dev.ppl.autodiff;

import java.util.function.Supplier;
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
 * <p><b>Lifetime rule:</b> arrays created inside an arena are invalid after it closes. Copy out
 * what must survive ({@link #detach}) and create long-lived state ({@code Params}, optimizer
 * buffers) outside, or inside {@link #outside}. Use one id per distinct step shape (e.g. per
 * batch size): an arena keeps growing to the largest step it has seen under its id.
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

    private final MemoryWorkspace workspace;

    private Arena(MemoryWorkspace workspace) {
        this.workspace = workspace;
    }

    /** Opens (or reopens) the arena named {@code id} on the current thread. */
    public static Arena open(String id) {
        return new Arena(Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id));
    }

    /** A copy of {@code a} that outlives every arena. */
    public static INDArray detach(INDArray a) {
        return a.isAttached() ? a.detach() : a;
    }

    /** Runs {@code body} with arenas suspended, so the arrays it creates are ordinary long-lived ones. */
    public static <T> T outside(Supplier<T> body) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return body.get();
        }
    }

    /** Reclaims everything allocated in this scope. */
    @Override
    public void close() {
        workspace.close();
    }
}
