package dev.ppl.vi.engine;

import dev.ppl.autodiff.Provenance;
import dev.ppl.core.Address;
import dev.ppl.core.plate.Frame;
import dev.ppl.vi.strategy.MultiShot;
import java.util.List;
import java.util.Set;

/**
 * Control transfer from the first fresh multi-shot choice of a run back to the engine, which
 * then runs the continuation once per forced value. An {@link Error}, not an exception, so that a
 * user's {@code catch (Exception e)} or {@code catch (RuntimeException e)} in a program cannot
 * swallow it; it carries no stack trace (it is not a failure).
 */
final class ForkSignal extends Error {
    private static final long serialVersionUID = 1L;
    final transient Run run;
    final transient MultiShot.Fork fork;
    final transient Address address;
    final transient Set<Frame> frames;
    final transient Provenance tag;
    final transient List<Recorded> recorded;

    ForkSignal(Run run, MultiShot.Fork fork, Address address, Set<Frame> frames, Provenance tag, List<Recorded> recorded) {
        super(null, null, false, false);
        this.run = run;
        this.fork = fork;
        this.address = address;
        this.frames = frames;
        this.tag = tag;
        this.recorded = recorded;
    }
}
