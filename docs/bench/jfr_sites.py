#!/usr/bin/env python3
"""Where a Java thread's time goes, from a JFR recording: execution samples (thread in Java) and
native-method samples (thread in a native method, e.g. inside an ND4J op or a BLAS call) of the
stacks that contain FRAME, by phase of the library's step and by call site (the innermost
dev.ppl frame and the outermost ND4J/JavaCPP frame under it).

    java -XX:StartFlightRecording=settings=profile,filename=step.jfr ... StepProfile 64 30 loop
    python3 docs/bench/jfr_sites.py step.jfr StepProfile.loop [ROWS=40]

Caveat: without -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints, samples inside hot
compiled loops are charged to the nearest call site (e.g. the Java Adam loop showed up as
ThreadLocal.get); native samples are exact to the native method.
"""
import collections
import json
import subprocess
import sys

PHASES = [("Adam", ["optim.Adam.step"]), ("gradient norm", ["BlasReductions.norm2"]), ("backward", ["Params.computeGrads"]),
          ("forward", ["Expectation.surrogate"]), ("arena", ["Arena.open", "Arena.close"])]


def full(frame):
    m = frame["method"]
    return (m["type"]["name"] + "." + m["name"]).replace("/", ".")


def short(name):
    return ".".join(name.split(".")[-2:])


def main():
    jfr, must = sys.argv[1], sys.argv[2]
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", jfr],
                         capture_output=True, text=True, check=True).stdout
    phase, top, site, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
    for e in json.loads(out)["recording"]["events"]:
        v = e["values"]
        names = [full(f) for f in (v["stackTrace"]["frames"] if v.get("stackTrace") else [])]
        if not any(must in n for n in names):
            continue
        total += 1
        native = e["type"] == "jdk.NativeMethodSample"
        p = next((ph for ph, keys in PHASES if any(k in n for k in keys for n in names)), "other")
        phase[(p, native)] += 1
        top[("N " if native else "J ") + short(names[0])] += 1
        lib, entry = None, None
        for n in names:
            if n.startswith(("org.nd4j", "org.bytedeco")):
                entry = short(n)
            elif n.startswith("dev.ppl"):
                lib = short(n)
                break
        site[(p, (lib or "?") + (" -> " + entry if entry else " (Java)"), native)] += 1
    print(f"{total} samples with {must} (N = thread in a native method, J = in Java)")
    for ph in [x[0] for x in PHASES] + ["other"]:
        j, n = phase[(ph, False)], phase[(ph, True)]
        if j + n:
            print(f"  {ph:14s} {100 * (j + n) / total:5.1f}%  (Java {100 * j / total:5.1f}%, native {100 * n / total:5.1f}%)")
    print("top frames:")
    for k, c in top.most_common(20):
        print(f"  {100 * c / total:5.1f}%  {k}")
    print("by phase and call site (innermost dev.ppl frame -> entry into ND4J/JavaCPP):")
    for (ph, k, nat), c in sorted(site.items(), key=lambda kv: -kv[1])[:rows]:
        print(f"  {100 * c / total:5.1f}%  {ph:9s} {'N' if nat else 'J'} {k}")


if __name__ == "__main__":
    main()
