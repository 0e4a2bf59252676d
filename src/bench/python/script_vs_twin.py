#!/usr/bin/env python3
"""Our generated TorchScript NiT forward (written by ../java/WriteNitScript.java) run in this
PyTorch against the eager twin (nit_eager_bench.py, SDPA), same random weights, alternating forward
by forward in one process: separates "our op sequence" from "our libtorch (2.7.1 in DJL) and the
JVM". Prints each case's relative error (the module must equal the twin) and ms per forward.

    java -cp target/nit-cli.jar src/bench/java/WriteNitScript.java target/nit-script
    python3 src/bench/python/script_vs_twin.py target/nit-script --threads 2 --cases 512x1,512x2 --repeat 3
"""
import argparse
import math
import os
import sys
import time

import torch

import nit_eager_bench as twin_bench

HIDDEN, DEPTH, HEADS = 1152, 28, 16


def module_weights(w, keys):
    """The twin's weights in the module's order, with the eager engine's two folds (the "1 +" of
    each adaLN scale in its bias; 1/sqrt(head_dim) in the q LayerNorm affine: the module runs SDPA
    with scale 1)."""
    hd = HIDDEN // HEADS
    out = []
    for k in keys:
        t = w[k].clone()
        if k == "x_embedder.proj.weight":
            t = t.reshape(HIDDEN, -1)
        if k.endswith("adaLN_modulation.1.bias"):
            scales = (1,) if k.startswith("final_layer") else (1, 4)
            chunk = t.numel() // (2 if k.startswith("final_layer") else 6)
            for i in scales:
                t[i * chunk:(i + 1) * chunk] += 1
        if k.endswith("q_norm.weight") or k.endswith("q_norm.bias"):
            t = t / math.sqrt(hd)
        out.append(t.contiguous())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory", help="where WriteNitScript.java wrote nit_forward.pt and keys.txt")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cases", default="256x1,256x2,512x1,512x2,1024x2", help="PXxBATCH, comma separated")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    print("torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
    with torch.inference_mode():
        w = twin_bench.random_weights(twin_bench.xl_shapes(HIDDEN, DEPTH, HEADS))
        twin = twin_bench.Nit(w, HIDDEN, DEPTH, HEADS, "sdpa")
        with open(os.path.join(a.directory, "keys.txt")) as f:
            weights = module_weights(w, f.read().split())
        module = torch.jit.load(os.path.join(a.directory, "nit_forward.pt"))
        print("| size | batch | rel err | script ms/fwd (best) | twin ms/fwd (best) | script / twin |")
        print("|---|---|---|---|---|---|")
        for case in a.cases.split(","):
            px, batch = (int(v) for v in case.split("x"))
            side = px // 32
            sizes = [(side, side)] * batch
            x = torch.randn(batch * side * side, twin_bench.IN_CHANNELS)
            c = twin.conditioning([0.5] * batch, [207] * batch)
            cos, sin = twin.rope(side, side)
            ref = twin.forward(x, sizes, c)
            module(x, c, cos, sin, weights)  # TorchScript profiles its first runs
            out = module(x, c, cos, sin, weights)
            err = float((out - ref).norm() / ref.norm())
            script_ms, twin_ms = [], []
            for _ in range(a.repeat):
                t0 = time.perf_counter()
                float(module(x, c, cos, sin, weights)[0, 0])
                script_ms.append((time.perf_counter() - t0) * 1e3)
                t0 = time.perf_counter()
                float(twin.forward(x, sizes, c)[0, 0])
                twin_ms.append((time.perf_counter() - t0) * 1e3)
            print("| %d^2 | %d | %.1e | %.0f | %.0f | %.3f |" % (
                px, batch, err, min(script_ms), min(twin_ms), min(script_ms) / min(twin_ms)), flush=True)
            if err > 1e-5:
                print("the module does not compute the twin's forward (rel err %.1e > 1e-5)" % err, file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
