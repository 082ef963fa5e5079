package dev.ppl.examples.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The number of native ND4J op calls (element-wise, reduction, broadcast, random and custom ops,
 * GEMMs included; BLAS level-1 calls such as {@code dot} not counted) that a body issues, averaged
 * over several runs, counted with ND4J's op profiler, which is switched on only for the count.
 *
 * @param perRun op calls per run of the body
 * @param byOp the profiler's per-op-name tally over all counted runs, as ND4J prints it
 */
record OpCount(double perRun, String byOp) {
    /** Runs {@code body} {@code runs} times with the profiler on. */
    static OpCount of(Runnable body, int runs) {
        OpProfiler p = OpProfiler.getInstance();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        try {
            p.reset();
            for (int i = 0; i < runs; i++) {
                body.run();
            }
            return new OpCount(p.getInvocationsCount() / (double) runs, p.getOpCounter().asString());
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
            p.reset();
        }
    }
}
