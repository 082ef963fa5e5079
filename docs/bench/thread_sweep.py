#!/usr/bin/env python3
"""Thread and allocator settings of the PyTorch reference, timed against each other.

One `vae_torch.py --serve` process per setting, all started first; then rounds that visit every
setting in turn (reset, 0.2 s pause so the previous process's OpenBLAS threads stop spinning, one
timed round of ~ROUND_MS), so a slow spell of the machine affects every setting alike. Prints the
median and fastest ms/step per setting.

    /usr/bin/python3 docs/bench/thread_sweep.py BATCH [ROUNDS=9] [ROUND_MS=400]
"""
import os
import statistics
import subprocess
import sys
import time

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vae_torch.py")
MALLOC = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"
# (label, torch.set_num_threads (0: torch's default), environment changes (None: unset), extra arguments)
SETTINGS = [
    ("set_num_threads(1) OB=2 OMP=1 [the bench's]", 1, {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "1"}, []),
    ("set_num_threads(2) OB=2 OMP=2", 2, {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}, []),
    ("set_num_threads(1) OB=1 OMP=1", 1, {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}, []),
    ("set_num_threads(2) OB=1 OMP=2", 2, {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "2"}, []),
    ("torch's defaults, nothing set", 0, {}, []),
    ("torch's defaults, OMP_WAIT_POLICY unset", 0, {"OMP_WAIT_POLICY": None}, []),
    ("the bench's, glibc malloc defaults", 1, {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "1", "GLIBC_TUNABLES": None}, []),
    ("the bench's, Adam(foreach=True)", 1, {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "1"}, ["--foreach"]),
]


def request(p, command):
    p.stdin.write(command + "\n")
    p.stdin.flush()
    fields = dict(t.split("=", 1) for t in p.stdout.readline().split()[1:] if "=" in t)
    return float(fields.get("ms", "nan"))


def main():
    batch = int(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    round_ms = float(sys.argv[3]) if len(sys.argv) > 3 else 400
    base = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    base.update({"OMP_WAIT_POLICY": "PASSIVE", "GLIBC_TUNABLES": MALLOC})
    procs = []
    for label, threads, env, extra in SETTINGS:
        e = dict(base)
        for k, v in env.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        p = subprocess.Popen([sys.executable, "-u", SCRIPT, "--serve", "--batch", str(batch), "--threads", str(threads)] + extra,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=e)
        line = ""
        while not line.startswith("ready"):
            line = p.stdout.readline()
            if not line:
                sys.exit(f"{label}: the script ended before it was ready")
        procs.append((label, p, line.strip()))
    steps = []
    for label, p, _ in procs:
        time.sleep(0.2)
        request(p, "warm 2000 20")
        request(p, "reset")
        one = statistics.median(request(p, "time 1") for _ in range(5))
        steps.append(max(1, min(200, round(round_ms / one))))
    times = [[] for _ in procs]
    for _ in range(rounds):
        for i, (label, p, _) in enumerate(procs):
            request(p, "reset")
            time.sleep(0.2)
            times[i].append(request(p, f"time {steps[i]}") / steps[i])
    print(f"batch {batch}: {rounds} interleaved rounds of ~{round_ms:.0f} ms; load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
    for i, (label, p, ready) in enumerate(procs):
        threads = " ".join(t for t in ready.split() if t.startswith(("threads=", "blas=")))
        print(f"  {label:44s} median {statistics.median(times[i]):8.3f} ms/step  fastest {min(times[i]):8.3f}  "
              f"({steps[i]} steps/round; {threads})")
    for _, p, _ in procs:
        p.stdin.write("quit\n")
        p.stdin.flush()
        p.wait()


if __name__ == "__main__":
    main()
