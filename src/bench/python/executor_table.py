#!/usr/bin/env python3
"""The executor table of docs/performance.md from the JSON files of ../quiet/threads.sh: ms per
forward of our eager and scripted executors and of PyTorch eager (SDPA) per threads, size and
batch, the ratio of our best executor to PyTorch, and each process's peak RSS at 1024^2. Stdlib
only.

    executor_table.py target/quiet-threads

File names (written by threads.sh): ours-t{T}-{part}[-r{round}].json (`nit-cli.jar bench`, rows carry
"executor"), torch-t{T}-{part}.json (nit_eager_bench.py), spin-{policy}-load{L}-r{R}.json.
"""
import glob
import json
import os
import re
import sys


def load_rows(path):
    with open(path) as f:
        return json.load(f)["results"]


def main(directory):
    cells = {}  # (threads, size, batch) -> {column: best ms/forward}
    peak = {}  # (threads, column) -> peak RSS MB of the 1024^2 process
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        name = os.path.basename(path)
        m = re.match(r"(ours|torch)-t(\d+)-(\w+?)(?:-(eager|script))?(?:-r\d+)?\.json$", name)
        if not m:
            continue
        tool, threads, part = m.group(1), int(m.group(2)), m.group(3)
        for row in load_rows(path):
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
    for path in sorted(glob.glob(os.path.join(directory, "spin-*-load*-r*.json"))):
        policy, load = re.match(r"spin-(\w+?)-load(\d+)-r\d+\.json$", os.path.basename(path)).groups()
        for row in load_rows(path):
            key = (int(load), row["batch"], policy)
            spin[key] = min(spin.get(key, float("inf")), row["ms_per_forward"])
    if spin:
        print("\nOpenMP waiting, scripted forward, 512^2, 2 threads, ms/forward (best of the rounds): short ="
              " GOMP_SPINCOUNT=10000 (NiT's default), passive = OMP_WAIT_POLICY=PASSIVE, spin ="
              " GOMP_SPINCOUNT=300000 (libgomp's default)")
        print("| busy processes | batch | short | passive | spin | short / passive | short / spin |")
        print("|---|---|---|---|---|---|---|")
        for (load, batch) in sorted({(k[0], k[1]) for k in spin}):
            h, p, s = (spin.get((load, batch, pol)) for pol in ("short", "passive", "spin"))
            if h and p and s:
                print("| %d | %d | %.0f | %.0f | %.0f | %.2f | %.2f |" % (load, batch, h, p, s, h / p, h / s))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/quiet-threads"))
