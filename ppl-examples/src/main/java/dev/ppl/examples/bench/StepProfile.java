package dev.ppl.examples.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sger;

import com.sun.management.ThreadMXBean;
import dev.ppl.autodiff.Arena;
import dev.ppl.autodiff.Var;
import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.dist.Rng;
import dev.ppl.examples.data.Binarized;
import dev.ppl.examples.data.ImageData;
import dev.ppl.examples.vae.GaussianVae;
import dev.ppl.vi.Expectation;
import dev.ppl.vi.objectives.Objectives;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Where the library's VAE step time goes, for choosing what to optimize: run by hand, not by the
 * {@code bench} command.
 *
 * <pre>
 * java -cp ... dev.ppl.examples.bench.StepProfile [batch=64] [seconds=20] [sections=phases,ops,gemms,alloc,sites,loop]
 * </pre>
 *
 * Sections (each after a warm-up of {@code seconds} / 2 on the library's step, so the JIT has
 * compiled it):
 * <ul>
 *   <li>{@code phases}: the library's step split with timers: arena open, forward (the ELBO
 *       surrogate: guide and model traces, the noise draw, densities), backward
 *       ({@code Params.computeGrads}), reading the value, arena close, the trainer's gradient norm
 *       (the non-finite guard), Adam; the hand-coded step's gradient and Adam for comparison.
 *       Medians and means over the steps of {@code seconds}, in microseconds.</li>
 *   <li>{@code ops}: native ND4J op calls per step by name (ND4J's op profiler).</li>
 *   <li>{@code gemms}: each GEMM of the step alone (the 11 of {@link StepGemms} and the 4 bias
 *       sums as GEMMs with a row of ones), in microseconds, and their share of a step.</li>
 *   <li>{@code alloc}: per step, the Java heap bytes the thread allocates, and every native-backed
 *       ND4J object registered with ND4J's deallocator (one {@code OpaqueDataBuffer} or
 *       {@code OpaqueContext} each, plus a {@code DeallocatableReference} and a String id), by
 *       kind: counted by wrapping the deallocator's reference map. Run with a young generation
 *       large enough that no GC happens in the window (e.g. {@code -Xmn2g}) to also get a heap
 *       histogram of everything allocated per step.</li>
 *   <li>{@code sites}: where the native-backed objects are created: the first frames outside
 *       ND4J of each registration's stack.</li>
 *   <li>{@code overheads}: what single ND4J calls cost at the step's sizes, to turn counts into
 *       time: each GEMM through {@code Nd4j.gemm} against OpenBLAS's {@code cblas_sgemm} called
 *       directly on the same buffers; a bias add ({@code addiRowVector}) against a Java loop; a
 *       small element-wise op; a reshape view; an array creation.</li>
 *   <li>{@code optimes}: wall time inside each native ND4J call of the step, by op name (GEMMs are
 *       the {@code matmul} custom op), measured in the step itself by wrapping ND4J's op
 *       executioner (a proxy that times each call), for the library's and the hand-coded step.</li>
 *   <li>{@code backlog}: library steps for {@code seconds} with the JVM's own settings, sampling how
 *       many native-backed ND4J objects are registered with ND4J's deallocator and not yet
 *       released (they wait for a GC to clear their referents, then for the deallocator thread).</li>
 *   <li>{@code loop}: just library steps for {@code seconds} (to be profiled from outside, e.g. by
 *       JFR).</li>
 * </ul>
 */
public final class StepProfile {
    private static final VaeLayout LAYOUT = VaeBenchmark.LAYOUT;
    private final int batch;
    private final long seed = 1;
    private final INDArray x;
    private final GaussianVae vae;
    private final Params params;
    private final Expectation<INDArray> elbo;
    private final Adam adam;
    private final LibraryVaeStep library;
    private final HandCodedVae hand;
    private final INDArray initial;
    private final String arenaId;
    private long step;

    private StepProfile(int batch) {
        this.batch = batch;
        this.x = Binarized.sample(ImageData.embedded().train().rows(0, batch).pixels(), Rng.of(seed).fold(0xbe7c));
        this.vae = new GaussianVae(LAYOUT.pixels(), LAYOUT.latent(), LAYOUT.hidden(), seed);
        this.params = vae.params();
        this.elbo = Objectives.elbo(vae.problem(batch));
        this.adam = new Adam(VaeBenchmark.LR);
        this.library = new LibraryVaeStep(new GaussianVae(LAYOUT.pixels(), LAYOUT.latent(), LAYOUT.hidden(), seed), batch,
                VaeBenchmark.LR);
        this.initial = params.flatValues().dup();
        this.hand = new HandCodedVae(LAYOUT, batch, initial, VaeBenchmark.LR);
        this.arenaId = "profile-" + batch;
    }

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        List<String> sections = Arrays.asList((args.length > 2 ? args[2] : "phases,ops,gemms,alloc,sites").split(","));
        // thread experiments: -Dprofile.nd4jThreads=N (ND4J's own OpenMP kernels), -Dprofile.blasThreads=N (OpenBLAS)
        if (System.getProperty("profile.nd4jThreads") != null) {
            int n = Integer.parseInt(System.getProperty("profile.nd4jThreads"));
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
        }
        if (System.getProperty("profile.blasThreads") != null) {
            Nd4j.factory().blas().setMaxThreads(Integer.parseInt(System.getProperty("profile.blasThreads")));
        }
        StepProfile p = new StepProfile(batch);
        System.out.printf("StepProfile: VAE %d-%d-%d, batch %d, %.0f s per section; load average %s; OMP_WAIT_POLICY=%s"
                        + " OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s; ND4J threads %d (master %d), BLAS threads %d%n",
                LAYOUT.pixels(), LAYOUT.hidden(), LAYOUT.latent(), batch, seconds, BenchMath.loadAverage(), System.getenv("OMP_WAIT_POLICY"),
                System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_NUM_THREADS"), Nd4j.getEnvironment().maxThreads(),
                Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads());
        p.warmUp(seconds / 2);
        for (String s : sections) {
            switch (s) {
                case "phases" -> p.phases(seconds);
                case "ops" -> p.ops();
                case "gemms" -> p.gemms(seconds);
                case "alloc" -> p.alloc(seconds);
                case "sites" -> p.sites();
                case "loop" -> p.loop(seconds);
                case "overheads" -> p.overheads(seconds);
                case "optimes" -> p.opTimes(seconds);
                case "backlog" -> p.backlog(seconds);
                default -> throw new IllegalArgumentException("unknown section " + s);
            }
            System.out.printf("   (load average %s)%n", BenchMath.loadAverage());
        }
    }

    // ---------------------------------------------------------------- the step, split

    /** The phases of one library step, in nanoseconds: what {@link LibraryVaeStep#step} does, with timers between. */
    private static final String[] PHASES = {"arena open", "forward (surrogate)", "backward (computeGrads)", "value (item)",
        "arena close", "gradient norm", "Adam"};

    private long[] timedStep() {
        long[] t = new long[PHASES.length + 1];
        Rng key = LibraryVaeStep.key(seed, step++);
        t[0] = System.nanoTime();
        Arena arena = Arena.open(arenaId);
        t[1] = System.nanoTime();
        Var s = elbo.surrogate(key, x);
        t[2] = System.nanoTime();
        params.computeGrads(s, -1.0);
        t[3] = System.nanoTime();
        double value = s.item();
        t[4] = System.nanoTime();
        arena.close();
        t[5] = System.nanoTime();
        double norm = params.gradNorm();
        t[6] = System.nanoTime();
        if (!Double.isFinite(value) || !Double.isFinite(norm)) {
            throw new IllegalStateException("non-finite " + value + " " + norm);
        }
        adam.step(params);
        t[7] = System.nanoTime();
        if (step % 50 == 0) {
            reset();
        }
        return t;
    }

    private void reset() {
        params.flatValues().assign(initial);
        adam.reset();
        step = 0;
    }

    private void warmUp(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        JitQuiet jit = new JitQuiet(1000, 0.02);
        while (System.nanoTime() < end || !jit.quiet()) {
            timedStep();
            handStep();
            if (System.nanoTime() > end + 30e9) {
                break;
            }
        }
        reset();
    }

    private long[] handStep() {
        long t0 = System.nanoTime();
        hand.computeGradients(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, step), batch, LAYOUT.latent()));
        long t1 = System.nanoTime();
        hand.adamStep();
        long t2 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1};
    }

    private void phases(double seconds) {
        List<long[]> lib = new ArrayList<>();
        List<long[]> hnd = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        reset();
        while (System.nanoTime() < end) {
            long[] t = timedStep();
            long[] d = new long[PHASES.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = t[i + 1] - t[i];
            }
            lib.add(d);
            hnd.add(handStep());
        }
        System.out.printf("%n== phases of the library's step, batch %d: %d steps (alternating with hand-coded steps), microseconds ==%n",
                batch, lib.size());
        System.out.printf("   %-26s %9s %9s %7s%n", "phase", "median", "mean", "share");
        double total = 0;
        double[] means = new double[PHASES.length];
        for (int i = 0; i < PHASES.length; i++) {
            means[i] = mean(lib, i);
            total += means[i];
        }
        for (int i = 0; i < PHASES.length; i++) {
            System.out.printf("   %-26s %9.1f %9.1f %6.1f%%%n", PHASES[i], median(lib, i), means[i], 100 * means[i] / total);
        }
        System.out.printf("   %-26s %9s %9.1f%n", "step (sum of means)", "", total);
        System.out.printf("   hand-coded: gradient %.1f (median %.1f), Adam (adam_updater + subi) %.1f (median %.1f)%n",
                mean(hnd, 0), median(hnd, 0), mean(hnd, 1), median(hnd, 1));
    }

    private static double median(List<long[]> rows, int i) {
        double[] v = rows.stream().mapToDouble(r -> r[i] / 1e3).toArray();
        return BenchMath.median(v);
    }

    private static double mean(List<long[]> rows, int i) {
        return rows.stream().mapToDouble(r -> r[i] / 1e3).average().orElse(Double.NaN);
    }

    // ---------------------------------------------------------------- native ops

    private void ops() {
        int runs = 5;
        OpCount lib = OpCount.of(() -> library.step(x, LibraryVaeStep.key(seed, 0)), runs);
        OpCount hnd = OpCount.of(() -> hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, 0), batch, LAYOUT.latent())), runs);
        System.out.printf("%n== native ND4J op calls per step (op profiler; BLAS calls such as gemm, dot, axpy not counted) ==%n");
        System.out.printf("   library %.1f, hand-coded %.1f%n", lib.perRun(), hnd.perRun());
        System.out.printf("   library by name (%d steps):%n%s%n   hand-coded by name (%d steps):%n%s%n", runs, indent(lib.byOp()), runs,
                indent(hnd.byOp()));
        // time inside the native ops by kind, measured around each call by ND4J's profiler (in the step, not in isolation)
        for (String side : new String[] {"library", "hand-coded"}) {
            int steps = 200;
            OpProfiler prof = OpProfiler.getInstance();
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
            try {
                prof.reset();
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    if (side.equals("library")) {
                        library.step(x, LibraryVaeStep.key(seed, i % 50));
                    } else {
                        hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, i % 50), batch, LAYOUT.latent()));
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6 / steps;
                System.out.printf("   %s, %d steps with the profiler on (%.3f ms/step): native op time by kind (ND4J's aggregator,"
                        + " nanoseconds per call and in all):%n%s%n", side, steps, ms, indent(prof.getClassAggergator().asString()));
            } finally {
                Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
                prof.reset();
            }
        }
    }

    private static String indent(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.strip().split("\\s*\\n\\s*")) {
            if (!line.contains(">>> [0]")) {
                b.append("      ").append(line.strip()).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    // ---------------------------------------------------------------- GEMMs

    private void gemms(double seconds) {
        StepGemms g = new StepGemms(LAYOUT, batch, seed);
        List<StepGemms.Gemm> all = new ArrayList<>(g.gemms());
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, batch);
        for (long n : new long[] {LAYOUT.hidden(), 2L * LAYOUT.latent(), LAYOUT.hidden(), LAYOUT.pixels()}) {
            INDArray gr = Nd4j.rand(DataType.FLOAT, batch, n);
            all.add(new StepGemms.Gemm("bias sum " + n, ones, gr, Nd4j.createUninitialized(DataType.FLOAT, 1, n),
                    false, false));
        }
        double budget = seconds * 1e9 / all.size() / 2;
        double[] us = new double[all.size()];
        // interleaved: every product timed in each of several passes, the median per product
        int passes = 9;
        double[][] t = new double[all.size()][passes];
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < all.size(); i++) {
                StepGemms.Gemm m = all.get(i);
                int n = 0;
                long t0 = System.nanoTime();
                long stop = t0 + (long) (budget / passes);
                do {
                    m.run();
                    n++;
                } while (System.nanoTime() < stop);
                t[i][p] = (System.nanoTime() - t0) / 1e3 / n;
            }
        }
        double sum11 = 0, sumAll = 0;
        for (int i = 0; i < all.size(); i++) {
            us[i] = BenchMath.median(t[i]);
            sumAll += us[i];
            if (i < 11) {
                sum11 += us[i];
            }
        }
        System.out.printf("%n== the step's GEMMs alone at batch %d (Nd4j.gemm into preallocated outputs; median of %d passes) ==%n",
                batch, passes);
        System.out.printf("   %-44s %9s %8s %7s%n", "product [m x k] x [k x n]", "us", "GF/s", "share");
        for (int i = 0; i < all.size(); i++) {
            StepGemms.Gemm m = all.get(i);
            System.out.printf("   %-44s %9.1f %8.1f %6.1f%%%n", m.describe(), us[i], m.flops() / (us[i] * 1e3), 100 * us[i] / sumAll);
        }
        System.out.printf("   the 11 GEMMs: %.1f us (%.1f GF/s); with the 4 bias sums: %.1f us%n", sum11, g.flops() / (sum11 * 1e3), sumAll);
    }

    // ---------------------------------------------------------------- allocations

    private void alloc(double seconds) throws Exception {
        CountingMap map = CountingMap.install();
        map.only = Thread.currentThread();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        System.out.printf("%n== allocations per step, batch %d ==%n", batch);
        for (String side : new String[] {"library", "hand-coded"}) {
            Runnable body = side.equals("library") ? () -> library.step(x, LibraryVaeStep.key(seed, step++ % 50))
                    : () -> hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, step++ % 50), batch, LAYOUT.latent()));
            for (int i = 0; i < 20; i++) {
                body.run();
            }
            int steps = side.equals("library") ? 500 : 500;
            long gcBefore = gcCount();
            Map<String, long[]> histBefore = histogram();
            map.byKind.clear();
            map.puts.reset();
            map.removes.reset();
            long bytes0 = threads.getThreadAllocatedBytes(tid);
            long faults0 = minorFaults();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                body.run();
            }
            long t1 = System.nanoTime();
            long bytes1 = threads.getThreadAllocatedBytes(tid);
            long faults1 = minorFaults();
            long puts = map.puts.sum();
            Map<String, long[]> histAfter = histogram();
            long gcAfter = gcCount();
            System.out.printf("   %s: %.1f ms/step in this window; Java heap %.1f KB/step (main thread); minor page faults %.1f/step"
                    + " (process); native-backed ND4J objects registered with the deallocator %.1f/step (each = 1 Opaque* native"
                    + " object + 1 DeallocatableReference + 1 String id + 1 map entry):%n", side, (t1 - t0) / 1e6 / steps,
                    (bytes1 - bytes0) / 1024.0 / steps, (faults1 - faults0) / (double) steps, puts / (double) steps);
            map.byKind.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue().sum()))
                    .forEach(e -> System.out.printf("      %7.1f  %s%n", e.getValue().sum() / (double) steps, e.getKey()));
            if (gcAfter == gcBefore && histBefore != null) {
                System.out.printf("   heap histogram difference (no GC in the window: every object allocated), objects/step, top 25:%n");
                List<Map.Entry<String, long[]>> diff = new ArrayList<>();
                for (var e : histAfter.entrySet()) {
                    long[] b = histBefore.getOrDefault(e.getKey(), new long[2]);
                    long n = e.getValue()[0] - b[0];
                    long by = e.getValue()[1] - b[1];
                    if (n > 0) {
                        diff.add(Map.entry(e.getKey(), new long[] {n, by}));
                    }
                }
                diff.sort(Comparator.comparingLong(e -> -e.getValue()[0]));
                long total = diff.stream().mapToLong(e -> e.getValue()[0]).sum();
                System.out.printf("      %.0f objects/step in all%n", total / (double) steps);
                for (var e : diff.subList(0, Math.min(25, diff.size()))) {
                    System.out.printf("      %8.1f  %8.0f B  %s%n", e.getValue()[0] / (double) steps, e.getValue()[1] / (double) steps, e.getKey());
                }
            } else {
                System.out.printf("   (%d GCs in the window: no heap histogram; run with -Xmn2g for one)%n", gcAfter - gcBefore);
            }
        }
        map.only = null;
    }

    private void backlog(double seconds) throws Exception {
        CountingMap map = CountingMap.install();
        map.only = null;
        long puts0 = map.puts.sum(), removes0 = map.removes.sum();
        System.out.printf("%n== native-backed ND4J objects waiting for the deallocator, library steps at batch %d ==%n", batch);
        System.out.printf("   %7s %8s %10s %10s %10s %s%n", "seconds", "steps", "registered", "released", "waiting", "GCs (collector: count)");
        long start = System.nanoTime(), next = start;
        long n = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= next) {
                StringBuilder gcs = new StringBuilder();
                for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                    gcs.append(b.getName()).append(": ").append(b.getCollectionCount()).append("  ");
                }
                System.out.printf("   %7.1f %8d %10d %10d %10d %s%n", (now - start) / 1e9, n, map.puts.sum() - puts0,
                        map.removes.sum() - removes0, map.size(), gcs);
                next += (long) (seconds * 1e9 / 8);
                if (now - start >= seconds * 1e9) {
                    break;
                }
            }
            library.step(x, LibraryVaeStep.key(seed, n % 50));
            n++;
            if (n % 50 == 0) {
                library.reset(initial);
            }
        }
    }

    private void sites() throws Exception {
        CountingMap map = CountingMap.install();
        int steps = 20;
        for (String side : new String[] {"library", "hand-coded"}) {
            map.only = Thread.currentThread();
            map.bySite.clear();
            map.sites = true;
            for (int i = 0; i < steps; i++) {
                if (side.equals("library")) {
                    library.step(x, LibraryVaeStep.key(seed, i));
                } else {
                    hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, i), batch, LAYOUT.latent()));
                }
            }
            map.sites = false;
            map.only = null;
            System.out.printf("%n== where the %s step creates native-backed ND4J objects (per step, %d steps;"
                    + " [entry into ND4J] then the first frames outside it) ==%n", side, steps);
            map.bySite.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue().sum()))
                    .forEach(e -> System.out.printf("   %6.1f  %s%n", e.getValue().sum() / (double) steps, e.getKey()));
        }
    }

    // ---------------------------------------------------------------- time inside native calls, in the step

    private void opTimes(double seconds) throws Exception {
        Field f = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
        f.setAccessible(true);
        Object original = f.get(null);
        StepGemms gemms = new StepGemms(LAYOUT, batch, seed);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, batch);
        List<Runnable> biasSums = new ArrayList<>();
        for (long n : new long[] {LAYOUT.hidden(), 2L * LAYOUT.latent(), LAYOUT.hidden(), LAYOUT.pixels()}) {
            INDArray g = Nd4j.rand(DataType.FLOAT, batch, n);
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 1, n);
            biasSums.add(() -> Nd4j.gemm(ones, g, out, false, false, 1.0, 0.0));
        }
        String[] sides = {"library", "hand-coded", "the 15 GEMMs alone"};
        Runnable[] bodies = {() -> library.step(x, LibraryVaeStep.key(seed, step++ % 50)),
            () -> hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, step++ % 50), batch, LAYOUT.latent())),
            () -> {
                gemms.runAll();
                biasSums.forEach(Runnable::run);
            }};
        TimingExecutioner[] timing = new TimingExecutioner[sides.length];
        long[] steps = new long[sides.length];
        long[] nanos = new long[sides.length];
        for (int i = 0; i < sides.length; i++) {
            timing[i] = new TimingExecutioner(original);
        }
        try {
            for (int i = 0; i < sides.length; i++) {
                TimingExecutioner.install(f, timing[i]);
                for (int k = 0; k < 30; k++) {
                    bodies[i].run();
                }
                timing[i].byName.clear();
            }
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int i = 0; i < sides.length; i++) {   // interleaved chunks of about 0.4 s
                    TimingExecutioner.install(f, timing[i]);
                    long t0 = System.nanoTime();
                    do {
                        bodies[i].run();
                        steps[i]++;
                    } while (System.nanoTime() - t0 < 400_000_000L);
                    nanos[i] += System.nanoTime() - t0;
                }
            }
        } finally {
            f.set(null, original);
        }
        System.out.printf("%n== wall time inside ND4J's native op calls, in the step (executioner wrapped by a timing proxy), batch %d,"
                + " the three cases interleaved in 0.4 s chunks ==%n", batch);
        for (int i = 0; i < sides.length; i++) {
            long n = steps[i];
            double stepUs = nanos[i] / 1e3 / n;
            double inOps = timing[i].byName.values().stream().mapToLong(v -> v[1]).sum() / 1e3 / n;
            double calls = timing[i].byName.values().stream().mapToLong(v -> v[0]).sum() / (double) n;
            System.out.printf("   %s: %d runs, %.1f us/run; inside %.1f native calls/run: %.1f us (%.0f%%); outside them (Java, views,"
                    + " BLAS level-1, ...): %.1f us%n", sides[i], n, stepUs, calls, inOps, 100 * inOps / stepUs, stepUs - inOps);
            timing[i].byName.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[1])).forEach(e -> System.out.printf(
                    "      %-24s %5.1f calls/run %8.1f us/run %7.1f us/call %5.1f%%%n", e.getKey(), e.getValue()[0] / (double) n,
                    e.getValue()[1] / 1e3 / n, e.getValue()[1] / 1e3 / e.getValue()[0], 100 * e.getValue()[1] / 1e3 / n / stepUs));
        }
    }

    // ---------------------------------------------------------------- per-call costs

    /** Median microseconds per call of {@code body}, over {@code passes} passes of about {@code passMs} each. */
    private static double usPerCall(Runnable body, int passes, double passMs) {
        for (int i = 0; i < 50; i++) {
            body.run();
        }
        double[] t = new double[passes];
        for (int p = 0; p < passes; p++) {
            int n = 0;
            long t0 = System.nanoTime();
            long stop = t0 + (long) (passMs * 1e6);
            do {
                body.run();
                n++;
            } while (System.nanoTime() < stop);
            t[p] = (System.nanoTime() - t0) / 1e3 / n;
        }
        return BenchMath.median(t);
    }

    private void overheads(double seconds) {
        DataType f = DataType.FLOAT;
        double passMs = Math.max(20, seconds * 1e3 / 400);
        int passes = 7;
        System.out.printf("%n== per-call costs at batch %d, microseconds (median of %d passes of %.0f ms) ==%n", batch, passes, passMs);
        StepGemms g = new StepGemms(LAYOUT, batch, seed);
        System.out.printf("   %-44s %9s %9s %9s%n", "GEMM [m x k] x [k x n]", "Nd4j.gemm", "cblas", "overhead");
        double sumNd4j = 0, sumCblas = 0;
        for (StepGemms.Gemm m : g.gemms()) {
            FloatPointer pa = new FloatPointer(m.a().data().addressPointer());
            FloatPointer pb = new FloatPointer(m.b().data().addressPointer());
            FloatPointer pc = new FloatPointer(m.out().data().addressPointer());
            int mm = (int) m.m(), nn = (int) m.n(), kk = (int) m.k();
            int lda = (int) m.a().size(1), ldb = (int) m.b().size(1), ldc = nn;
            Runnable direct = () -> cblas_sgemm(CblasRowMajor, m.ta() ? CblasTrans : CblasNoTrans, m.tb() ? CblasTrans : CblasNoTrans,
                    mm, nn, kk, 1f, pa, lda, pb, ldb, 0f, pc, ldc);
            double a = usPerCall(m::run, passes, passMs);
            double b = usPerCall(direct, passes, passMs);
            sumNd4j += a;
            sumCblas += b;
            System.out.printf("   %-44s %9.1f %9.1f %9.1f%n", m.describe(), a, b, a - b);
        }
        System.out.printf("   %-44s %9.1f %9.1f %9.1f%n", "the 11", sumNd4j, sumCblas, sumNd4j - sumCblas);
        INDArray ones = Nd4j.ones(f, 1, batch);
        INDArray gr = Nd4j.rand(f, batch, LAYOUT.hidden());
        INDArray bsum = Nd4j.createUninitialized(f, 1, LAYOUT.hidden());
        double biasGemm = usPerCall(() -> Nd4j.gemm(ones, gr, bsum, false, false, 1.0, 0.0), passes, passMs);
        FloatPointer po = new FloatPointer(ones.data().addressPointer()), pg = new FloatPointer(gr.data().addressPointer()),
                ps = new FloatPointer(bsum.data().addressPointer());
        int h = LAYOUT.hidden();
        double biasCblas = usPerCall(() -> cblas_sgemv(CblasRowMajor, CblasTrans, batch, h, 1f, pg, h, po, 1, 0f, ps, 1), passes, passMs);
        System.out.printf("   bias gradient [1 x %d] x [%d x %d]: Nd4j.gemm %.1f, cblas_sgemv %.1f%n", batch, batch, h, biasGemm, biasCblas);

        INDArray y = Nd4j.rand(f, batch, LAYOUT.hidden());
        INDArray bias = Nd4j.rand(f, LAYOUT.hidden());
        float[] yv = new float[batch * h];
        double rowVector = usPerCall(() -> y.addiRowVector(bias), passes, passMs);
        FloatPointer py = new FloatPointer(y.data().addressPointer()), pbias = new FloatPointer(bias.data().addressPointer());
        double ger = usPerCall(() -> cblas_sger(CblasRowMajor, batch, h, 1f, po, 1, pbias, 1, py, h), passes, passMs);
        float[] bv = bias.toFloatVector();
        double javaLoop = usPerCall(() -> {
            py.get(yv);
            for (int r = 0, o = 0; r < batch; r++, o += h) {
                for (int c = 0; c < h; c++) {
                    yv[o + c] += bv[c];
                }
            }
            py.put(yv);
        }, passes, passMs);
        System.out.printf("   bias add [%d x %d] += b: addiRowVector %.1f, cblas_sger (ones x b) %.1f, Java loop with copies in and out %.1f%n",
                batch, h, rowVector, ger, javaLoop);

        INDArray small = Nd4j.rand(f, batch, 2L * LAYOUT.latent());
        INDArray smallOut = Nd4j.createUninitialized(f, batch, 2L * LAYOUT.latent());
        INDArray big = Nd4j.rand(f, batch, LAYOUT.pixels());
        INDArray bigOut = Nd4j.createUninitialized(f, batch, LAYOUT.pixels());
        System.out.printf("   exp into a given output: [%d x %d] %.1f, [%d x %d] %.1f%n", batch, 2 * LAYOUT.latent(),
                usPerCall(() -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Exp(small, smallOut)), passes, passMs),
                batch, LAYOUT.pixels(),
                usPerCall(() -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Exp(big, bigOut)), passes, passMs));
        System.out.printf("   muli by a scalar in place: [%d x %d] %.1f; muli by an array in place [%d x %d] %.1f%n", batch, h,
                usPerCall(() -> y.muli(1.0), passes, passMs), batch, h, usPerCall(() -> y.muli(gr), passes, passMs));
        System.out.printf("   views: reshape [%d x %d] -> [%d] %.1f; get(all, interval) %.1f; createUninitialized [%d x %d] %.1f;"
                        + " Nd4j.scalar %.1f%n", batch, h, (long) batch * h,
                usPerCall(() -> y.reshape((long) batch * h), passes, passMs),
                usPerCall(() -> small.get(NDArrayIndex.all(), NDArrayIndex.interval(0, LAYOUT.latent())), passes, passMs), batch, h,
                usPerCall(() -> Nd4j.createUninitialized(f, batch, h), passes, passMs),
                usPerCall(() -> Nd4j.scalar(f, 1.0), passes, passMs));
        System.out.printf("   library step %.1f, hand-coded step %.1f (same window)%n",
                usPerCall(() -> library.step(x, LibraryVaeStep.key(seed, step++ % 50)), 3, passMs * 5),
                usPerCall(() -> hand.step(x, LibraryVaeStep.noise(LibraryVaeStep.key(seed, step++ % 50), batch, LAYOUT.latent())), 3,
                        passMs * 5));
    }

    private void loop(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            library.step(x, LibraryVaeStep.key(seed, n % 50));
            n++;
            if (n % 50 == 0) {
                library.reset(initial);
            }
        }
        System.out.printf("%n== loop: %d library steps, %.3f ms/step ==%n", n, (System.nanoTime() - t0) / 1e6 / n);
    }

    /** The process's minor page faults so far ({@code /proc/self/stat}), or 0 where there is none. */
    private static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    /** Class name -> {instances, bytes} of every object on the heap, reachable or not ({@code GC.class_histogram -all}). */
    private static Map<String, long[]> histogram() {
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[] {"-all"}}, new String[] {String[].class.getName()});
            Map<String, long[]> m = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
            return m;
        } catch (Exception e) {
            return null;
        }
    }
}
