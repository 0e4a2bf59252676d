#!/usr/bin/env python3
"""Per-op costs in PyTorch eager, twin of ../java/OpMicrobench.java (same ops, same shapes).
Each op also copies its input (duplicate() on the Java side) so both sides do the same work.
    python3 op_microbench.py --threads 1"""
import argparse
import time

import torch
import torch.nn.functional as F


def timed(name, reps, flop, fn):
    fn()
    fn()
    t = time.perf_counter()
    for _ in range(reps):
        fn()
    ms = (time.perf_counter() - t) * 1e3 / reps
    print("%-36s %10.3f ms%s" % (name, ms, "  %6.1f GFLOP/s" % (flop / ms / 1e6) if flop else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    torch.set_num_threads(ap.parse_args().threads)
    print("torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
    with torch.inference_mode():
        w, b = torch.randn(4608, 1152) * 0.02, torch.zeros(4608)
        for n in (64, 256, 1024, 4096):
            x = torch.randn(n, 1152)
            timed("linear %dx1152 -> 4608" % n, max(3, 4096 // n), 2.0 * n * 1152 * 4608,
                  lambda: F.linear(x.clone(), w, b))
        small = torch.randn(64, 1152)
        timed("add [64,1152] (per-op overhead)", 2000, 0, lambda: (lambda i: i + i)(small.clone()))
        big = torch.randn(2, 1024, 4608)
        timed("mul [2,1024,4608]", 20, 0, lambda: (lambda i: i * i)(big.clone()))
        ones, zeros, h = torch.ones(1152), torch.zeros(1152), torch.randn(2, 1024, 1152)
        timed("layer_norm [2,1024,1152]", 20, 0, lambda: F.layer_norm(h.clone(), (1152,), ones, zeros, 1e-6))
        q = torch.randn(2, 16, 1024, 72)
        timed("softmax(q k^T) v [2,16,1024,72]", 5, 4.0 * 2 * 16 * 1024 * 1024 * 72,
              lambda: (lambda i: torch.softmax(i @ i.transpose(-2, -1), -1) @ i)(q.clone()))


if __name__ == "__main__":
    main()
