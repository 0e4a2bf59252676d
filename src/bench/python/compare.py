#!/usr/bin/env python3
"""Runs `nit-cli.jar bench` and nit_eager_bench.py on the same configs, alternating the two
(round 1 Java first, round 2 Python first), and keeps the best of the rounds per tool.

Before each run it waits (up to --max-wait s) for the machine to be idle, and it records how many
cores other processes used during the run (from /proc/stat minus the run's own CPU time), so rows
measured under contention can be told apart. Stdlib only. Writes all raw runs and the summary to
--out (JSON) and prints the markdown comparison table.

    compare.py --jar target/nit-cli.jar --out bench.json \
        --config 256:1:28:eager --config 1024:1:28:eager --config 2048:1:2:fused ...
  config = SIZE:BATCH:DEPTH:ATTN, ATTN eager (both eager), fused (our eager executor with fused
  attention vs PyTorch sdpa) or script (our scripted forward vs PyTorch sdpa)
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_busy_s():
    """Seconds of CPU (all cores) spent busy since boot."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_quiet(max_wait, threshold):
    """Waits until other processes use under `threshold` cores over 2 s; returns seconds waited."""
    start = time.time()
    while True:
        b0 = cpu_busy_s()
        time.sleep(2)
        if (cpu_busy_s() - b0) / 2 < threshold or time.time() - start > max_wait:
            return time.time() - start


def run(cmd, env):
    b0, c0, t0 = cpu_busy_s(), children_cpu_s(), time.time()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.time() - t0
    own = children_cpu_s() - c0
    others = max(0.0, (cpu_busy_s() - b0) - own) / wall
    return p.returncode, p.stdout, wall, others


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default="target/nit-cli.jar")
    ap.add_argument("--config", action="append", required=True)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-wait", type=float, default=45)
    ap.add_argument("--out", default="bench-compare.json")
    a = ap.parse_args()

    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads), MKL_NUM_THREADS=str(a.threads),
               OPENBLAS_NUM_THREADS=str(a.threads))
    tmp = tempfile.mkdtemp(prefix="nit-compare-")
    runs = []
    for rnd in range(a.rounds):
        for cfg in a.config:
            size, batch, depth, attn = cfg.split(":")
            tools = ["java", "python"] if rnd % 2 == 0 else ["python", "java"]
            for tool in tools:
                js = os.path.join(tmp, "%s-%s-r%d.json" % (tool, cfg.replace(":", "_"), rnd))
                common = ["--sizes", size, "--batches", batch, "--repeat", str(a.repeat), "--depth", depth,
                          "--json", js]
                if tool == "java":
                    # attn: eager | fused (both the eager executor) | script (the scripted forward, fused SDPA)
                    cmd = ["java", "-Dai.djl.pytorch.num_threads=%d" % a.threads, "-jar", a.jar, "bench",
                           "--device", "cpu", "--precision", "fp32", "--decode-sizes", "0",
                           "--attention", "eager" if attn == "eager" else "fused",
                           "--executors", "script" if attn == "script" else "eager"] + common
                    e = env
                else:
                    cmd = [sys.executable, os.path.join(HERE, "nit_eager_bench.py"), "--threads",
                           str(a.threads), "--attention", "eager" if attn == "eager" else "sdpa"] + common
                    e = env
                # quiet = the cores our threads need are free of other work
                waited = wait_quiet(a.max_wait, max(0.25, os.cpu_count() - a.threads + 0.25))
                rc, out, wall, others = run(cmd, e)
                rec = dict(round=rnd, config=cfg, tool=tool, cmd=" ".join(cmd), rc=rc, wall_s=wall,
                           others_cores=others, waited_s=waited, output=out)
                if rc == 0:
                    rec["report"] = json.load(open(js))
                    r = rec["report"]["results"][0]
                    print("round %d %-16s %-6s fwd %9.1f ms  step %9.1f ms  (others %.2f cores, wall %.0f s)"
                          % (rnd + 1, cfg, tool, r["ms_per_forward"], r["ms_per_step"], others, wall), flush=True)
                else:
                    print("round %d %s %s FAILED rc %d\n%s" % (rnd + 1, cfg, tool, rc, out[-2000:]), flush=True)
                runs.append(rec)
                with open(a.out, "w") as f:
                    json.dump(dict(runs=runs), f, indent=1)

    rows = []
    for cfg in a.config:
        best = {}
        for tool in ("java", "python"):
            ok = [r for r in runs if r["config"] == cfg and r["tool"] == tool and r["rc"] == 0]
            if ok:
                best[tool] = dict(
                    fwd=min(r["report"]["results"][0]["ms_per_forward"] for r in ok),
                    step=min(r["report"]["results"][0]["ms_per_step"] for r in ok),
                    others=max(r["others_cores"] for r in ok))
        rows.append(dict(config=cfg, best=best))
    print("\n%d threads each" % a.threads)
    print("| size | batch | depth | attention (ours / torch) | ours ms/fwd | torch ms/fwd | ratio fwd"
          " | ours ms/step | torch ms/step | ratio step | max background load (cores) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        size, batch, depth, attn = row["config"].split(":")
        j, p = row["best"].get("java"), row["best"].get("python")
        if not (j and p):
            continue
        print("| %s^2 | %s | %s | %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f / %.2f |" % (
            size, batch, depth, {"eager": "eager / eager", "fused": "fused / sdpa"}.get(attn, "script / sdpa"),
            j["fwd"], p["fwd"], j["fwd"] / p["fwd"], j["step"], p["step"], j["step"] / p["step"],
            j["others"], p["others"]))
    with open(a.out, "w") as f:
        json.dump(dict(runs=runs, summary=rows), f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
