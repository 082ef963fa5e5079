#!/usr/bin/env python3
"""PyTorch reference for the `bench` command: one training step of the `vae` command's model.

The model is the one `ppl-examples bench` times (VaeBenchmark, HandCodedVae, LibraryVaeStep):
a VAE 784-400-20 in float32,

  encoder  x [B, 784] -> Linear(784, 400) -> ReLU -> Linear(400, 40) = [mu, r]
  guide    s = clamp(r, -8, 4), sigma = exp(s), z = mu + sigma * eps, eps ~ N(0, I) [B, 20]
  decoder  z -> Linear(20, 400) -> ReLU -> Linear(400, 784) = logits
  loss     -(log p(x | z) + log p(z) - log q(z | x)), summed over the batch (not averaged):
           log p(x | z) = sum x*l - softplus(l)  (Bernoulli logits: -BCE-with-logits, sum)
           log p(z)     = sum -z^2/2 - log(2 pi)/2
           log q(z | x) = sum -eps^2/2 - s - log(2 pi)/2   ((z - mu)/sigma is eps)

one reparameterized sample per image, and Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8, no weight
decay). A step is: draw eps, forward, loss, backward, Adam, read the loss (loss.item()).

Threads: torch.set_num_threads(--threads, default 1), so ATen's own OpenMP kernels run on the
calling thread, and the GEMMs run in the BLAS that the process is linked with (Debian's torch
uses the system libblas.so.3: install libopenblas0-pthread, or the GEMMs run in the reference
BLAS at ~3 GFLOP/s); the bench launches this script with OPENBLAS_NUM_THREADS=2 and
OMP_NUM_THREADS=1, and with GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:
glibc.malloc.trim_threshold=268435456 (without it glibc mmaps and unmaps the larger temporaries
every step: ~1,650 page faults and twice the time per step at batch 64); set the same when running
the script alone (see docs/bench/README.md for the measurements).

Modes:
  standalone  python3 vae_torch.py --batch 64 --warmup 50 --rounds 11
              prints one `round` line per round and a `result` line (key=value tokens, ms per step)
  serve       python3 vae_torch.py --serve --batch 64 [--init DIR]
              the Java bench's protocol on stdin/stdout, one command per line:
                reset           -> ok                       (initial weights, fresh Adam moments)
                warm MS N       -> warmed steps=.. ms=..    (at least N steps and MS milliseconds)
                time N          -> time steps=N ms=..       (N steps, wall milliseconds in total)
                gemm N          -> gemm reps=N ms=..        (the step's 11 GEMMs alone, N times)
                quit
  profile     python3 vae_torch.py --profile --batch 64     (op counts of one step, autograd profiler)

With --init DIR (written by the Java bench) the weights and pixels are the bench's: DIR holds
params.f32 (the library's flat layout: W1 [784, 400], b1, W2 [400, 40], b2, W3 [20, 400], b3,
W4 [400, 784], b4, each row-major), x.f32 [B, 784] and eps.f32 [B, 20] (step 0's noise), all
little-endian float32; the script then writes grad.f32, the gradient of the loss at step 0 with
that noise in the same flat layout, and prints `check loss=..` for the bench to compare.
"""
import argparse
import array
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

D, H, L = 784, 400, 20
HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
SHAPES = [(D, H), (H,), (H, 2 * L), (2 * L,), (L, H), (H,), (H, D), (D,)]


class Vae(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = torch.nn.Linear(D, H)
        self.enc2 = torch.nn.Linear(H, 2 * L)
        self.dec1 = torch.nn.Linear(L, H)
        self.dec2 = torch.nn.Linear(H, D)

    def layers(self):
        return [self.enc1, self.enc2, self.dec1, self.dec2]

    def loss(self, x, eps):
        """The negated one-sample ELBO, summed over the batch."""
        e = self.enc2(F.relu(self.enc1(x)))
        mu, r = e[:, :L], e[:, L:]
        s = r.clamp(-8.0, 4.0)
        z = mu + s.exp() * eps
        logits = self.dec2(F.relu(self.dec1(z)))
        n = z.numel()
        log_px = -F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        log_pz = -0.5 * (z * z).sum() - n * HALF_LOG_2PI
        log_q = -0.5 * (eps * eps).sum() - s.sum() - n * HALF_LOG_2PI
        return -(log_px + log_pz - log_q)

    def load_flat(self, flat):
        """Loads the library's flat layout (weights [in, out]; torch keeps [out, in])."""
        off = 0
        with torch.no_grad():
            for i, shape in enumerate(SHAPES):
                n = math.prod(shape)
                seg = flat[off:off + n].reshape(shape)
                layer = self.layers()[i // 2]
                if i % 2 == 0:
                    layer.weight.copy_(seg.t())
                else:
                    layer.bias.copy_(seg)
                off += n
        if off != flat.numel():
            raise ValueError(f"flat parameters: expected {off} values, got {flat.numel()}")

    def grad_flat(self):
        parts = []
        for layer in self.layers():
            parts.append(layer.weight.grad.t().reshape(-1))
            parts.append(layer.bias.grad.reshape(-1))
        return torch.cat(parts)


def read_f32(path, n):
    data = bytearray(open(path, "rb").read())
    if len(data) != 4 * n:
        raise ValueError(f"{path}: expected {4 * n} bytes, got {len(data)}")
    return torch.frombuffer(data, dtype=torch.float32)  # little-endian hosts only (x86, arm64)


def blas_library():
    """Which BLAS this process mapped (after a GEMM): openblas, the reference BLAS, or unknown."""
    try:
        with open("/proc/self/maps") as f:
            maps = f.read()
    except OSError:
        return "unknown"
    for name in ("openblas", "mkl", "blis", "atlas"):
        if name in maps.lower():
            return name
    if "/blas/libblas.so" in maps:
        return "reference"
    return "unknown"


class Bench:
    def __init__(self, batch, init, seed, foreach):
        torch.manual_seed(seed)
        self.batch = batch
        self.model = Vae()
        if init:
            self.x = read_f32(os.path.join(init, "x.f32"), batch * D).reshape(batch, D).clone()
            flat = read_f32(os.path.join(init, "params.f32"), sum(math.prod(s) for s in SHAPES))
            self.model.load_flat(flat)
        else:
            self.x = (torch.rand(batch, D) < 0.3).float()
        self.initial = [p.detach().clone() for p in self.model.parameters()]
        self.foreach = foreach
        self.opt = self.new_optimizer()
        self.eps_buf = torch.empty(batch, L)
        # the step's 11 GEMMs alone (4 forward, 4 weight gradients in torch's [out, in] layout, 3 input
        # gradients), torch.mm into preallocated outputs: the step's GEMM floor with this BLAS
        w1, w2, w3, w4 = (layer.weight.detach() for layer in self.model.layers())
        h1, z, h3 = torch.rand(batch, H), torch.randn(batch, L), torch.rand(batch, H)
        g_l, g_3, g_e, g_1 = torch.randn(batch, D), torch.randn(batch, H), torch.randn(batch, 2 * L), torch.randn(batch, H)
        self.gemms = [(a, b, torch.empty(a.shape[0], b.shape[1])) for a, b in [
            (self.x, w1.t()), (h1, w2.t()), (z, w3.t()), (h3, w4.t()),
            (g_l.t(), h3), (g_l, w4), (g_3.t(), z), (g_3, w3), (g_e.t(), h1), (g_e, w2), (g_1.t(), self.x)]]

    def new_optimizer(self):
        kw = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0}
        if self.foreach is not None:
            kw["foreach"] = self.foreach
        return torch.optim.Adam(self.model.parameters(), **kw)

    def reset(self):
        with torch.no_grad():
            for p, p0 in zip(self.model.parameters(), self.initial):
                p.copy_(p0)
        # fresh moments, zeroed in place as the Java sides do (a new optimizer would allocate
        # them again inside the first timed step of the round)
        for st in self.opt.state.values():
            for key, v in st.items():
                if torch.is_tensor(v):
                    v.zero_()
                else:
                    st[key] = 0
        self.opt.zero_grad(set_to_none=True)

    def step(self):
        eps = self.eps_buf.normal_()
        self.opt.zero_grad(set_to_none=True)
        loss = self.model.loss(self.x, eps)
        loss.backward()
        self.opt.step()
        return loss.item()

    def steps(self, n):
        t0 = time.perf_counter()
        for _ in range(n):
            self.step()
        return (time.perf_counter() - t0) * 1e3

    def gemm(self, n):
        t0 = time.perf_counter()
        for _ in range(n):
            for a, b, out in self.gemms:
                torch.mm(a, b, out=out)
        return (time.perf_counter() - t0) * 1e3

    def warm(self, ms, min_steps):
        t0 = time.perf_counter()
        n = 0
        while n < min_steps or (time.perf_counter() - t0) * 1e3 < ms:
            if n > 0 and n % 50 == 0:
                self.reset()  # stay near the timed steps' part of the trajectory, as the Java side does
            self.step()
            n += 1
        return n, (time.perf_counter() - t0) * 1e3

    def check(self, init):
        """Loss and gradient at the initial weights with step 0's noise from the bench."""
        eps = read_f32(os.path.join(init, "eps.f32"), self.batch * L).reshape(self.batch, L)
        self.model.zero_grad(set_to_none=True)
        loss = self.model.loss(self.x, eps)
        loss.backward()
        g = self.model.grad_flat().contiguous()
        with open(os.path.join(init, "grad.f32"), "wb") as f:
            f.write(array.array("f", g.tolist()).tobytes())  # native order: little-endian hosts
        self.model.zero_grad(set_to_none=True)
        return loss.item(), g.norm().item()


def describe(args):
    return (f"torch={torch.__version__} python={sys.executable} threads={torch.get_num_threads()} "
            f"interop={torch.get_num_interop_threads()} blas={blas_library()} "
            f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')} "
            f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')} "
            f"adam={'foreach' if args.foreach else 'for-loop'} "
            f"malloc={'tuned' if 'mmap_threshold' in os.environ.get('GLIBC_TUNABLES', '') else 'glibc-defaults'}")


def serve(bench, args):
    if args.init:
        loss, norm = bench.check(args.init)
        print(f"check loss={loss!r} gradnorm={norm!r}", flush=True)
    bench.gemm(1)
    print(f"ready {describe(args)}", flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        try:
            if cmd[0] == "reset":
                bench.reset()
                print("ok", flush=True)
            elif cmd[0] == "warm":
                n, ms = bench.warm(float(cmd[1]), int(cmd[2]))
                print(f"warmed steps={n} ms={ms!r}", flush=True)
            elif cmd[0] == "time":
                n = int(cmd[1])
                print(f"time steps={n} ms={bench.steps(n)!r}", flush=True)
            elif cmd[0] == "gemm":
                n = int(cmd[1])
                print(f"gemm reps={n} ms={bench.gemm(n)!r}", flush=True)
            elif cmd[0] == "quit":
                return
            else:
                print(f"error unknown command {cmd[0]}", flush=True)
        except Exception as e:  # report, keep serving
            print(f"error {type(e).__name__}: {e}".replace("\n", " "), flush=True)


def standalone(bench, args):
    print(f"# {describe(args)} batch={args.batch}", flush=True)
    bench.warm(args.warmup_ms, args.warmup)
    bench.reset()
    one = statistics.median(bench.steps(1) for _ in range(5))
    n = args.steps or max(1, min(200, round(args.round_ms / max(one, 1e-3))))
    per_step = []
    gemm = []
    for r in range(args.rounds):
        bench.reset()
        ms = bench.steps(n) / n
        per_step.append(ms)
        g = bench.gemm(n) / n if args.gemm else float("nan")
        gemm.append(g)
        print(f"round index={r} steps={n} ms_per_step={ms:.4f} gemm_ms={g:.4f}", flush=True)
    print(f"result batch={args.batch} rounds={args.rounds} steps_per_round={n} median_ms_per_step={statistics.median(per_step):.4f} "
          f"min_ms_per_step={min(per_step):.4f} median_gemm_ms={statistics.median(gemm):.4f}", flush=True)


def profile(bench, args):
    from torch.autograd import profiler
    bench.warm(0, 20)
    with profiler.profile(record_shapes=True) as prof:
        for _ in range(args.profile_steps):
            bench.step()
    events = prof.key_averages(group_by_input_shape=True)
    print(events.table(sort_by="self_cpu_time_total", row_limit=40))
    # top-level aten ops (those not called from inside another aten op) per step
    top = [e for e in prof.function_events if e.cpu_parent is None or not e.cpu_parent.name.startswith("aten::")]
    aten_top = [e for e in top if e.name.startswith("aten::")]
    kernels = [e for e in prof.function_events if e.name.startswith("aten::") and not e.cpu_children]
    n = args.profile_steps
    gemm_in_step = sum(e.self_cpu_time_total for e in events if e.key in ("aten::mm", "aten::addmm")) / 1e3 / n
    adam = sum(e.cpu_time_total for e in events if e.key.startswith("Optimizer.step")) / 1e3 / n
    total = sum(e.self_cpu_time_total for e in events) / 1e3 / n
    # the same process without the profiler: steps, and the step's GEMMs alone, alternating
    step_ms, gemm_ms = [], []
    for _ in range(5):
        bench.reset()
        step_ms.append(bench.steps(20) / 20)
        gemm_ms.append(bench.gemm(20) / 20)
    print(f"profile steps={n} top_level_aten_ops_per_step={len(aten_top) / n:.1f} "
          f"leaf_aten_ops_per_step={len(kernels) / n:.1f} "
          f"all_aten_events_per_step={sum(1 for e in prof.function_events if e.name.startswith('aten::')) / n:.1f}")
    print(f"profile per_step_ms: profiled_total={total:.3f} gemm_in_step={gemm_in_step:.3f} adam={adam:.3f}; "
          f"unprofiled: step={statistics.median(step_ms):.3f} gemms_alone={statistics.median(gemm_ms):.3f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch", type=int, default=64, help="batch size (default 64)")
    ap.add_argument("--warmup", type=int, default=50, help="untimed warm-up steps, at least (default 50)")
    ap.add_argument("--warmup-ms", type=float, default=2000, help="untimed warm-up milliseconds, at least (default 2000)")
    ap.add_argument("--rounds", type=int, default=11, help="timed rounds, each from the initial weights (default 11)")
    ap.add_argument("--steps", type=int, default=0, help="steps per round (default: about --round-ms worth)")
    ap.add_argument("--round-ms", type=float, default=500, help="about how long a round lasts (default 500)")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1; 0: leave torch's default)")
    ap.add_argument("--foreach", action="store_true", help="Adam(foreach=True) instead of the per-tensor loop")
    ap.add_argument("--gemm", action="store_true", help="standalone: also time the step's 11 GEMMs alone per round")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init", help="directory with params.f32, x.f32, eps.f32 from the Java bench")
    ap.add_argument("--serve", action="store_true", help="the Java bench's stdin/stdout protocol")
    ap.add_argument("--profile", action="store_true", help="op counts and times of steps (torch.autograd.profiler)")
    ap.add_argument("--profile-steps", type=int, default=10)
    args = ap.parse_args(argv)
    if args.batch <= 0 or args.rounds <= 0 or args.threads < 0:
        ap.error("--batch and --rounds must be positive, --threads non-negative")
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    bench = Bench(args.batch, args.init, args.seed, True if args.foreach else None)
    if args.serve:
        serve(bench, args)
    elif args.profile:
        profile(bench, args)
    else:
        standalone(bench, args)


if __name__ == "__main__":
    main()
