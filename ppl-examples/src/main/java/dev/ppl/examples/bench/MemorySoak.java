package dev.ppl.examples.bench;

import dev.ppl.autodiff.nn.Params;
import dev.ppl.autodiff.optim.Adam;
import dev.ppl.dist.Rng;
import dev.ppl.examples.vae.GaussianVae;
import dev.ppl.vi.objectives.Objectives;
import dev.ppl.vi.train.Minibatches;
import dev.ppl.vi.train.StepResult;
import dev.ppl.vi.train.Trainer;
import dev.ppl.vi.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The memory soak: a small VAE (784-64-8, batch 32, Adam) trained with the library's
 * {@link Trainer} for many steps, every step inside an arena as the {@code vae} command runs it,
 * sampling every {@code every} steps the process's resident set (VmRSS from
 * {@code /proc/self/status}), the native bytes JavaCPP tracks ({@link Pointer#totalBytes()}),
 * and the used Java heap after a GC. It prints the table and the growth of each between the
 * first sample at or after step {@code from} and the last, and exits with status 1 if the
 * resident set grew by more than {@code limitMiB}.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -Xmn32m -XX:+UseParallelGC -cp ... dev.ppl.examples.bench.MemorySoak [steps=100000] [every=10000] [from=10000] [limitMiB=10]
 * </pre>
 */
public final class MemorySoak {
    private MemorySoak() {}

    /** One sample: the step and the three memory figures in bytes. */
    record Sample(long step, long rss, long javacpp, long heap) {}

    public static void main(String[] args) throws IOException {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long every = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        long from = args.length > 2 ? Long.parseLong(args[2]) : 10_000;
        double limitMiB = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        GaussianVae vae = new GaussianVae(784, 8, 64, 1);
        Params params = vae.params();
        INDArray data = Rng.of(2).uniform(DataType.FLOAT, 1024, 784).gt(0.7).castTo(DataType.FLOAT);
        List<Sample> samples = new ArrayList<>();
        samples.add(sample(0));
        Minibatches batches = new Minibatches(data, 32, 3);
        long t0 = System.nanoTime();
        Trainer.builder(Objectives.elbo(vae.problem(32)), step -> batches.batch(step).rows(), params,
                        new Adam(1e-3))
                .seed(4).steps(steps).arena("soak")
                .listener(new TrainingListener() {
                    @Override public void onStep(StepResult r) {
                        if ((r.step() + 1) % every == 0) {
                            Sample s = sample(r.step() + 1);
                            samples.add(s);
                            System.out.printf(Locale.ROOT, "step %,9d  rss %7.1f MiB  javacpp %7.1f MiB  heap %6.1f MiB  %.2f ms/step%n",
                                    s.step(), mib(s.rss()), mib(s.javacpp()), mib(s.heap()),
                                    (System.nanoTime() - t0) / 1e6 / (r.step() + 1));
                        }
                    }
                })
                .build().train();
        Sample first = samples.stream().filter(s -> s.step() >= from).findFirst().orElse(samples.get(0));
        Sample last = samples.get(samples.size() - 1);
        double growth = mib(last.rss() - first.rss());
        System.out.printf(Locale.ROOT, "growth from step %,d to %,d: rss %+.1f MiB, javacpp %+.1f MiB, heap %+.1f MiB (limit %.1f MiB rss)%n",
                first.step(), last.step(), growth, mib(last.javacpp() - first.javacpp()), mib(last.heap() - first.heap()),
                limitMiB);
        System.exit(growth > limitMiB ? 1 : 0);
    }

    private static Sample sample(long step) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new Sample(step, residentBytes(), Pointer.totalBytes(), rt.totalMemory() - rt.freeMemory());
    }

    /** VmRSS of this process in bytes, or -1 where {@code /proc} is unavailable. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
