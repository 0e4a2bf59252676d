#!/usr/bin/env python3
"""README table from the JSON files of ../quiet/threads.sh: ms per forward of our eager and
scripted executors and of PyTorch eager (SDPA) per threads, size and batch, the ratio of our best
executor to PyTorch, and each process's peak RSS at 1024^2. Stdlib only.

    executor_table.py target/quiet-threads

File names (written by threads.sh): ours-t{T}-{part}.json (`nit-cli.jar bench`, rows carry
"executor"), torch-t{T}-{part}.json (nit_eager_bench.py), spin-{policy}-r{R}.json.
"""
import glob
import json
import os
import re
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def main(directory):
    cells = {}  # (threads, size, batch) -> {column: best ms/forward}
    peak = {}  # (threads, column) -> peak RSS MB of the 1024^2 process
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        name = os.path.basename(path)
        m = re.match(r"(ours|torch)-t(\d+)-(\w+?)(?:-(eager|script))?\.json$", name)
        if not m:
            continue
        tool, threads, part = m.group(1), int(m.group(2)), m.group(3)
        for row in load(path)["results"]:
            column = row.get("executor", "eager") if tool == "ours" else "torch"
            key = (threads, row["size"], row["batch"])
            old = cells.setdefault(key, {}).get(column)
            cells[key][column] = row["ms_per_forward"] if old is None else min(old, row["ms_per_forward"])
            if part == "1024":
                peak[(threads, column)] = max(peak.get((threads, column), 0), row["peak_rss_mb"])
    if cells:
        print("| threads | size | batch | ours eager ms/fwd | ours script ms/fwd | PyTorch eager (SDPA) ms/fwd"
              " | best ours / PyTorch |")
        print("|---|---|---|---|---|---|---|")
    for (threads, size, batch) in sorted(cells, key=lambda k: (-k[0], k[1], k[2])):
        c = cells[(threads, size, batch)]
        ours = [c[e] for e in ("eager", "script") if e in c]
        ratio = "%.2f" % (min(ours) / c["torch"]) if ours and "torch" in c else "-"
        print("| %d | %d^2 | %d | %s | %s | %s | %s |" % (
            threads, size, batch, *("%.0f" % c[k] if k in c else "-" for k in ("eager", "script", "torch")), ratio))
    for threads in sorted({t for t, _ in peak}, reverse=True):
        print("\npeak RSS of the 1024^2 process (batch 1 then 2, depth 28), %d threads: %s" % (threads, ", ".join(
            "%s %.0f MB" % (col, peak[(threads, col)]) for col in ("eager", "script", "torch")
            if (threads, col) in peak)))

    spin = {}
    for path in sorted(glob.glob(os.path.join(directory, "spin-*.json"))):
        policy = re.match(r"spin-(\w+?)-r\d+\.json$", os.path.basename(path)).group(1)
        for row in load(path)["results"]:
            key = (policy, row["executor"], row["size"], row["batch"])
            spin[key] = min(spin.get(key, float("inf")), row["ms_per_forward"])
    if spin:
        print("\nOpenMP waiting, 2 threads, ms/forward (best of the rounds): passive = NiT's default,"
              " spin = GOMP_SPINCOUNT=300000 (libgomp's default), short = GOMP_SPINCOUNT=10000")
        print("| executor | size | batch | passive | spin | short | passive / spin | short / spin |")
        print("|---|---|---|---|---|---|---|---|")
        for (_, executor, size, batch) in sorted(k for k in spin if k[0] == "passive"):
            p, s, h = (spin.get((pol, executor, size, batch)) for pol in ("passive", "spin", "short"))
            if s and h:
                print("| %s | %d^2 | %d | %.0f | %.0f | %.0f | %.2f | %.2f |" % (
                    executor, size, batch, p, s, h, p / s, h / s))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/quiet-threads"))
