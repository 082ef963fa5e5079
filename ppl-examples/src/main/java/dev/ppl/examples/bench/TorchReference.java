package dev.ppl.examples.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The PyTorch side of the {@code bench} command: the same VAE step written in PyTorch
 * ({@value #SCRIPT}), run as a subprocess that times its own steps and answers the bench over
 * stdin/stdout, so that its rounds interleave with the library's ({@link Interleaved.Side}).
 *
 * <p><b>Interpreter.</b> The first of {@code $PPL_BENCH_PYTHON} (or {@code -Dppl.bench.python}),
 * else {@code /usr/bin/python3} and then {@code python3} on the PATH, that can {@code import torch}
 * (a pyenv {@code python3} first on the PATH usually cannot: Debian's {@code python3-torch} is
 * installed for {@code /usr/bin/python3}). {@code PPL_BENCH_PYTHON=off} skips the reference.
 * Where none has torch, the bench prints one line saying so and how to install it, and goes on.
 *
 * <p><b>Threads and memory.</b> The script calls {@code torch.set_num_threads(1)} and runs with
 * {@code OPENBLAS_NUM_THREADS=2} and {@code OMP_NUM_THREADS=1} ({@link #ENVIRONMENT}): ATen's
 * element-wise kernels on the calling thread, the GEMMs on OpenBLAS's two threads, as ND4J runs
 * them (see {@code docs/bench/README.md} for the timings behind this choice); and with glibc's
 * malloc set to keep freed memory, without which a PyTorch step spends half its time in page faults.
 *
 * <p><b>Same model, same numbers.</b> The bench writes the library's initial weights, the batch
 * and step 0's noise into a temporary directory; the script loads them, and before timing
 * computes the loss and gradient at step 0, which the bench compares with the library's.
 */
final class TorchReference implements AutoCloseable {
    /** The script, relative to the repository root. */
    static final String SCRIPT = "docs/bench/vae_torch.py";
    /** How to get torch where it is missing. */
    static final String INSTALL_HINT = "install it with `apt-get install -y python3-torch libopenblas0-pthread` (Debian's "
            + "/usr/bin/python3; its torch calls the system libblas.so.3, the reference BLAS unless OpenBLAS is installed), "
            + "or point PPL_BENCH_PYTHON at a Python that has torch";
    /** {@code torch.set_num_threads} in the script. */
    static final int TORCH_THREADS = 1;
    /**
     * The script's environment, on top of the bench's own: the threads (see the class comment), and
     * glibc's malloc told to keep freed memory (mmap threshold 32 MiB, trim threshold 256 MiB).
     * PyTorch allocates every intermediate afresh; with glibc's defaults the larger ones (the
     * [400, 784] temporaries of Adam, ...) are mmap'ed and unmapped every step: measured 1,600-1,700
     * page faults and 9.2-9.5 ms per step at batch 64 against none and 4.5-5.9 ms with these settings
     * (the usual advice for PyTorch on CPUs is a caching malloc, jemalloc or tcmalloc, for the same reason).
     */
    static final Map<String, String> ENVIRONMENT = Map.of("OPENBLAS_NUM_THREADS", "2", "OMP_NUM_THREADS", "1",
            "GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456");
    static final String PYTHON_ENV = "PPL_BENCH_PYTHON";
    static final String PYTHON_PROPERTY = "ppl.bench.python";
    static final String SCRIPT_PROPERTY = "ppl.bench.torchScript";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    private static final String EOF = "\u0000eof";

    /**
     * Where torch was found ({@code python}, torch's {@code version}, the {@code script}), or why not
     * ({@code skipReason}, null when available).
     */
    record Probe(String python, String version, Path script, String skipReason) {
        boolean available() {
            return skipReason == null;
        }

        /** The one line the bench prints when the reference is skipped. */
        String skipMessage() {
            return "torch reference skipped: " + skipReason;
        }
    }

    /** A line of the script's protocol: its first word and its {@code key=value} tokens. */
    record Reply(String head, Map<String, String> fields, String line) {
        double number(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalStateException("torch reference: no " + key + "= in '" + line + "'");
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("torch reference: " + key + "=" + v + " is not a number in '" + line + "'");
            }
        }
    }

    private final Process process;
    private final BufferedWriter in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path dir;
    private final Probe probe;
    private Reply ready;
    private Reply check;
    private String failure;

    private TorchReference(Process process, Path dir, Probe probe) {
        this.process = process;
        this.dir = dir;
        this.probe = probe;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away; EOF below tells the waiting side
            } finally {
                lines.add(EOF);
            }
        }, "torch-reference-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    // ---------------------------------------------------------------- finding python and the script

    /** Looks for the script and a Python with torch as configured (environment, system properties, defaults). */
    static Probe probe() {
        String configured = System.getProperty(PYTHON_PROPERTY, System.getenv(PYTHON_ENV));
        if (configured != null && configured.strip().equalsIgnoreCase("off")) {
            return new Probe(null, null, null, "disabled (" + PYTHON_ENV + "=off)");
        }
        List<String> pythons = configured == null || configured.isBlank() ? List.of("/usr/bin/python3", "python3")
                : List.of(configured.strip());
        return probe(pythons, findScript(), PROBE_TIMEOUT);
    }

    /** The first of {@code pythons} that imports torch, with {@code script}; or the reasons none does. */
    static Probe probe(List<String> pythons, Optional<Path> script, Duration timeout) {
        if (script.isEmpty()) {
            return new Probe(null, null, null, SCRIPT + " not found (searched from " + Paths.get("").toAbsolutePath()
                    + " upwards; set -D" + SCRIPT_PROPERTY + "=PATH)");
        }
        List<String> tried = new ArrayList<>();
        for (String python : pythons) {
            ProcessBuilder pb = new ProcessBuilder(python, "-c", "import torch; print('torch', torch.__version__)")
                    .redirectErrorStream(true);
            pb.environment().putAll(ENVIRONMENT);
            try {
                Process p = pb.start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    tried.add(python + ": no answer in " + timeout.toSeconds() + " s");
                    continue;
                }
                String text = new String(out, StandardCharsets.UTF_8).strip();
                String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1).strip();
                if (p.exitValue() == 0 && last.startsWith("torch ")) {
                    return new Probe(python, last.substring(6).strip(), script.get(), null);
                }
                tried.add(python + ": " + (last.isEmpty() ? "exit status " + p.exitValue() : last));
            } catch (IOException e) {
                tried.add(python + ": cannot run (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tried.add(python + ": interrupted");
                break;
            }
        }
        return new Probe(null, null, script.get(), "no Python with torch (tried " + String.join("; ", tried) + "); " + INSTALL_HINT);
    }

    /** {@code -Dppl.bench.torchScript}, else {@value #SCRIPT} in the working directory or one above it. */
    static Optional<Path> findScript() {
        String configured = System.getProperty(SCRIPT_PROPERTY);
        if (configured != null) {
            Path p = Paths.get(configured);
            return Files.isRegularFile(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        return findScriptFrom(Paths.get("").toAbsolutePath());
    }

    /** {@value #SCRIPT} under {@code dir} or under one of its parents. */
    static Optional<Path> findScriptFrom(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path p = d.resolve(SCRIPT);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- the subprocess

    /**
     * Starts the script for batch {@code batch} on the bench's initial weights {@code flatParams},
     * pixels {@code x} and step 0's noise {@code eps} (all float32, the library's flat layout);
     * {@link #awaitReady} waits for it.
     */
    static TorchReference start(Probe probe, int batch, long seed, INDArray flatParams, INDArray x, INDArray eps) throws IOException {
        if (!probe.available()) {
            throw new IllegalStateException(probe.skipMessage());
        }
        Path dir = Files.createTempDirectory("ppl-bench-torch");
        writeF32(dir.resolve("params.f32"), flatParams);
        writeF32(dir.resolve("x.f32"), x);
        writeF32(dir.resolve("eps.f32"), eps);
        ProcessBuilder pb = new ProcessBuilder(probe.python(), "-u", probe.script().toString(), "--serve",
                "--batch", Integer.toString(batch), "--seed", Long.toString(seed), "--threads", Integer.toString(TORCH_THREADS),
                "--init", dir.toString())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().putAll(ENVIRONMENT);
        return new TorchReference(pb.start(), dir, probe);
    }

    /** Waits until the script has loaded the data, checked step 0 and is ready for commands. */
    TorchReference awaitReady() {
        for (;;) {
            Reply r = next(START_TIMEOUT);
            if (r.head().equals("check")) {
                check = r;
            } else if (r.head().equals("ready")) {
                ready = r;
                return this;
            } else if (r.head().equals("error")) {
                throw failed("error while starting: " + r.line());
            }
        }
    }

    /** The script's settings as it reports them ({@code torch=}, {@code threads=}, {@code blas=}, ...). */
    Map<String, String> settings() {
        return ready == null ? Map.of() : ready.fields();
    }

    /** Its loss at the initial weights with step 0's noise. */
    double checkLoss() {
        if (check == null) {
            throw new IllegalStateException("torch reference: no check line before ready");
        }
        return check.number("loss");
    }

    /** Its gradient at the initial weights with step 0's noise, in the library's flat layout. */
    float[] checkGradient() throws IOException {
        return readF32(dir.resolve("grad.f32"));
    }

    /** Why the subprocess stopped answering, or null while it works. */
    String failure() {
        return failure;
    }

    /** Sends {@code command} and returns the answer whose head is {@code head}. */
    Reply request(String command, String head) {
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        try {
            in.write(command);
            in.newLine();
            in.flush();
        } catch (IOException e) {
            throw failed("cannot send '" + command + "': " + e.getMessage());
        }
        Reply r = next(REQUEST_TIMEOUT);
        if (!r.head().equals(head)) {
            throw failed("'" + command + "' answered '" + r.line() + "'");
        }
        return r;
    }

    private Reply next(Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted");
        }
        if (line == null) {
            throw failed("no answer in " + timeout.toSeconds() + " s");
        }
        if (line.equals(EOF)) {
            throw failed("the process ended" + exitStatus());
        }
        return parse(line);
    }

    private String exitStatus() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " with status " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private IllegalStateException failed(String what) {
        if (failure == null) {
            failure = "torch reference failed: " + what + stderrTail();
        }
        return new IllegalStateException(failure);
    }

    private String stderrTail() {
        try {
            List<String> err = Files.readAllLines(dir.resolve("stderr.txt"));
            return err.isEmpty() ? "" : " (stderr: " + String.join(" | ", err.subList(Math.max(0, err.size() - 3), err.size())) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Parses one protocol line: a head word, then {@code key=value} tokens (tokens without '=' are ignored). */
    static Reply parse(String line) {
        String[] tokens = line.strip().split("\\s+");
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq > 0) {
                fields.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
            }
        }
        return new Reply(tokens[0], fields, line.strip());
    }

    // ---------------------------------------------------------------- timed sides

    /** The script's training step (noise, forward, backward, Adam, loss.item()), timed by the script. */
    Interleaved.Side steps(String name) {
        return new Remote(name) {
            @Override
            void doReset() {
                request("reset", "ok");
            }

            @Override
            double doWarmUp(Interleaved.Plan plan) {
                return request(String.format("warm %.0f %d", plan.warmupMs(), plan.warmup()), "warmed").number("ms");
            }

            @Override
            double doTime(int iterations) {
                return request("time " + iterations, "time").number("ms");
            }
        };
    }

    /** The step's 11 GEMMs alone in torch ({@code torch.mm} into preallocated outputs), timed by the script. */
    Interleaved.Side gemms(String name) {
        return new Remote(name) {
            @Override
            void doReset() {
            }

            @Override
            double doWarmUp(Interleaved.Plan plan) {
                double spent = 0;
                for (int i = 0; i < 3 || spent < Math.min(plan.warmupMs(), 1000); i++) {
                    spent += request("gemm 1", "gemm").number("ms");
                }
                return spent;
            }

            @Override
            double doTime(int iterations) {
                return request("gemm " + iterations, "gemm").number("ms");
            }
        };
    }

    /** A side that answers NaN once the subprocess has failed, so the other sides' rounds go on. */
    private abstract class Remote implements Interleaved.Side {
        private final String name;

        Remote(String name) {
            this.name = name;
        }

        abstract void doReset();

        abstract double doWarmUp(Interleaved.Plan plan);

        abstract double doTime(int iterations);

        @Override
        public String name() {
            return name;
        }

        @Override
        public String process() {
            return "torch";
        }

        @Override
        public void reset() {
            if (failure == null) {
                try {
                    doReset();
                } catch (IllegalStateException ignored) {
                    // failure is set; the timings of this side become NaN
                }
            }
        }

        @Override
        public double warmUp(Interleaved.Plan plan) {
            if (failure == null) {
                try {
                    return doWarmUp(plan);
                } catch (IllegalStateException ignored) {
                    // as above
                }
            }
            return 0;
        }

        @Override
        public double timeMs(int iterations) {
            if (failure == null) {
                try {
                    return doTime(iterations);
                } catch (IllegalStateException ignored) {
                    // as above
                }
            }
            return Double.NaN;
        }
    }

    /** Asks the script to quit, ends it if it does not, and deletes the temporary files. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    in.write("quit");
                    in.newLine();
                    in.flush();
                } catch (IOException ignored) {
                    // already gone
                }
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }
    }

    /** The probe this reference was started from. */
    Probe probeResult() {
        return probe;
    }

    // ---------------------------------------------------------------- float32 files

    /** Writes {@code a} as little-endian float32 in 'c' order. */
    static void writeF32(Path file, INDArray a) throws IOException {
        float[] v = a.castTo(DataType.FLOAT).dup('c').reshape(a.length()).toFloatVector();
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Files.write(file, b.array());
    }

    /** Reads a little-endian float32 file. */
    static float[] readF32(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length % 4 != 0) {
            throw new IOException(file + ": " + bytes.length + " bytes is not a whole number of float32 values");
        }
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
