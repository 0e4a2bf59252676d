#!/usr/bin/env python3
"""Where a process's CPU time goes, per thread: runs a command, samples /proc/PID/task/*/stat
every --interval s until it exits, and prints each thread's last seen user+system CPU time,
grouped by thread name (JVM: "main", "GC Thread#0", "C2 CompilerThread0", ...; OpenMP workers
carry the name of the thread that spawned them). Also prints wall time and the total, so the
CPU time of 1 and 2 intra-op threads can be compared on a busy machine. Linux, stdlib only.

    thread_cpu.py -- java -Dai.djl.pytorch.num_threads=2 -jar target/nit-cli.jar bench ...
    thread_cpu.py -- python3 nit_eager_bench.py --threads 2 ...
"""
import argparse
import collections
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def sample(pid, seen):
    """Updates seen[tid] = (name, cpu seconds) for every live thread of pid."""
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                raw = f.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        seen[tid] = (name, (int(fields[11]) + int(fields[12])) / TICK)  # utime, stime


def group(name):
    """Numbered JVM pools as one row ("GC Thread#3" -> "GC Thread#*")."""
    return name.rstrip("0123456789") + "*" if name[-1:].isdigit() else name


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--interval", type=float, default=0.2)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("give the command after --")
    seen = {}
    t0 = time.time()
    p = subprocess.Popen(cmd)
    while p.poll() is None:
        sample(p.pid, seen)
        time.sleep(a.interval)
    wall = time.time() - t0
    rows = collections.defaultdict(list)
    for name, cpu in seen.values():
        rows[group(name)].append(cpu)
    total = sum(cpu for _, cpu in seen.values())
    print("\nwall %.1f s, CPU %.1f s (threads seen: %d; the last %.1f s before exit are not sampled)"
          % (wall, total, len(seen), a.interval))
    for name, cpus in sorted(rows.items(), key=lambda kv: -sum(kv[1])):
        cpu = sum(cpus)
        if cpu >= 0.05:
            each = " ".join("%.2f" % c for c in sorted(cpus, reverse=True) if c >= 0.01)
            print("  %-20s x%-3d %8.2f s  %5.1f %%  (per thread: %s)"
                  % (name, len(cpus), cpu, 100 * cpu / max(total, 1e-9), each))
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())
