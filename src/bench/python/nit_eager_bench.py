#!/usr/bin/env python3
"""PyTorch-eager twin of `nit-cli.jar bench`: the NiT forward with the same math as our Java
engine (adaLN once per image, folded constants, RoPE as x*cos + (x @ P)*sin, eager softmax
attention or SDPA), timed the same way, printed in the same table format.

Stdlib + torch (>= 2.0, measured with 2.13 CPU, the MKL build from download.pytorch.org) only.

    nit_eager_bench.py --sizes 256,512 --batches 1,2 --repeat 2 --depth 28 --attention eager
    nit_eager_bench.py --golden src/test/resources/golden     # checks the forward against the goldens
"""
import argparse
import json
import math
import os
import resource
import struct
import sys
import time

import torch
import torch.nn.functional as F

IN_CHANNELS = 32
NUM_CLASSES = 1000
T_FEATURES = 256


# ---------------------------------------------------------------------------------------------
# weights


def xl_shapes(hidden, depth, heads, mlp_ratio=4.0):
    """Official state-dict keys and shapes (x_embedder as the 1x1 conv it is stored as)."""
    d, m, hd = hidden, int(hidden * mlp_ratio), hidden // heads
    s = {
        "x_embedder.proj.weight": (d, IN_CHANNELS, 1, 1), "x_embedder.proj.bias": (d,),
        "t_embedder.mlp.0.weight": (d, T_FEATURES), "t_embedder.mlp.0.bias": (d,),
        "t_embedder.mlp.2.weight": (d, d), "t_embedder.mlp.2.bias": (d,),
        "y_embedder.embedding_table.weight": (NUM_CLASSES + 1, d),
        "final_layer.adaLN_modulation.1.weight": (2 * d, d), "final_layer.adaLN_modulation.1.bias": (2 * d,),
        "final_layer.linear.weight": (IN_CHANNELS, d), "final_layer.linear.bias": (IN_CHANNELS,),
    }
    for i in range(depth):
        p = "blocks.%d." % i
        s.update({
            p + "adaLN_modulation.1.weight": (6 * d, d), p + "adaLN_modulation.1.bias": (6 * d,),
            p + "attn.qkv.weight": (3 * d, d), p + "attn.qkv.bias": (3 * d,),
            p + "attn.q_norm.weight": (hd,), p + "attn.q_norm.bias": (hd,),
            p + "attn.k_norm.weight": (hd,), p + "attn.k_norm.bias": (hd,),
            p + "attn.proj.weight": (d, d), p + "attn.proj.bias": (d,),
            p + "mlp.fc1.weight": (m, d), p + "mlp.fc1.bias": (m,),
            p + "mlp.fc2.weight": (d, m), p + "mlp.fc2.bias": (d,),
        })
    return s


def random_weights(shapes, std=0.02, seed=0):
    g = torch.Generator().manual_seed(seed)
    return {k: torch.randn(s, generator=g, dtype=torch.float32) * std for k, s in shapes.items()}


_ST_DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
              "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """{name: tensor} and the metadata, from the raw bytes (no safetensors package)."""
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for k, v in header.items():
        s, e = v["data_offsets"]
        buf = bytearray(raw[base + s:base + e])  # writable copy
        t = torch.frombuffer(buf, dtype=_ST_DTYPES[v["dtype"]]) if e > s else torch.empty(0)
        out[k] = t.reshape(v["shape"]).clone()
    return out, meta


# ---------------------------------------------------------------------------------------------
# model


class Nit:
    """NiT forward over packed batches, same ops as io.github.nitfiji.model.nit.NitTransformer."""

    def __init__(self, w, hidden, depth, heads, attention="eager", ops="native"):
        self.d, self.depth, self.heads, self.hd = hidden, depth, heads, hidden // heads
        self.attention, self.ops = attention, ops
        f32 = lambda k: w[k].to(torch.float32).contiguous()  # noqa: E731
        d, hd = hidden, self.hd

        def unit_scale(key, chunks, scale_chunks):  # "1 +" of (1 + scale) folded into the bias
            b = f32(key).clone()
            c = b.numel() // chunks
            for i in scale_chunks:
                b[i * c:(i + 1) * c] += 1
            return b

        self.embed_w = f32("x_embedder.proj.weight").reshape(d, -1).contiguous()
        self.embed_b = f32("x_embedder.proj.bias")
        self.t_w0, self.t_b0 = f32("t_embedder.mlp.0.weight"), f32("t_embedder.mlp.0.bias")
        self.t_w2, self.t_b2 = f32("t_embedder.mlp.2.weight"), f32("t_embedder.mlp.2.bias")
        self.table = f32("y_embedder.embedding_table.weight")
        # eager: 1/sqrt(head_dim) folded into q's LayerNorm affine (as ours); sdpa scales itself
        qs = 1.0 / math.sqrt(hd) if attention == "eager" else 1.0
        self.blocks = []
        for i in range(depth):
            p = "blocks.%d." % i
            self.blocks.append(dict(
                mod_w=f32(p + "adaLN_modulation.1.weight"),
                mod_b=unit_scale(p + "adaLN_modulation.1.bias", 6, (1, 4)),
                qkv_w=f32(p + "attn.qkv.weight"), qkv_b=f32(p + "attn.qkv.bias"),
                qn_w=f32(p + "attn.q_norm.weight") * qs, qn_b=f32(p + "attn.q_norm.bias") * qs,
                kn_w=f32(p + "attn.k_norm.weight"), kn_b=f32(p + "attn.k_norm.bias"),
                proj_w=f32(p + "attn.proj.weight"), proj_b=f32(p + "attn.proj.bias"),
                fc1_w=f32(p + "mlp.fc1.weight"), fc1_b=f32(p + "mlp.fc1.bias"),
                fc2_w=f32(p + "mlp.fc2.weight"), fc2_b=f32(p + "mlp.fc2.bias")))
        self.fin_mod_w = f32("final_layer.adaLN_modulation.1.weight")
        self.fin_mod_b = unit_scale("final_layer.adaLN_modulation.1.bias", 2, (1,))
        self.fin_w, self.fin_b = f32("final_layer.linear.weight"), f32("final_layer.linear.bias")
        # RoPE pair swap P: (x P)[2k] = -x[2k+1], (x P)[2k+1] = x[2k]
        self.pair_swap = torch.zeros(hd, hd)
        for k in range(hd // 2):
            self.pair_swap[2 * k + 1, 2 * k] = -1.0
            self.pair_swap[2 * k, 2 * k + 1] = 1.0
        # "mirror" reproduces our Java op sequence literally (LayerNorm with a ones/zeros affine,
        # GELU and SiLU composed from sigmoid); "native" uses PyTorch's single kernels.
        self.ones, self.zeros = torch.ones(d), torch.zeros(d)
        self.gelu_lin = torch.tensor(2 * math.sqrt(2 / math.pi))
        self.gelu_cub = torch.tensor(2 * math.sqrt(2 / math.pi) * 0.044715)
        self.rope_cache = {}

    # -- pieces ---------------------------------------------------------------------------------

    def silu(self, x):
        return x * torch.sigmoid(x) if self.ops == "mirror" else F.silu(x)

    def norm(self, x):  # LayerNorm over D, no affine, eps 1e-6
        if self.ops == "mirror":
            return F.layer_norm(x, (self.d,), self.ones, self.zeros, 1e-6)
        return F.layer_norm(x, (self.d,), None, None, 1e-6)

    def gelu_tanh(self, x):
        if self.ops == "mirror":  # 0.5 x (1 + tanh z) = x sigmoid(2 z)
            return x * torch.sigmoid(x * (x * x * self.gelu_cub + self.gelu_lin))
        return F.gelu(x, approximate="tanh")

    def conditioning(self, ts, ys):
        """SiLU(t_embed(t) + y_embed(y)), [B, D]: what every adaLN reads."""
        f = torch.exp(-math.log(10000) * torch.arange(128, dtype=torch.float32) / 128)
        a = torch.tensor(ts, dtype=torch.float32)[:, None] * f[None]
        feats = torch.cat([torch.cos(a), torch.sin(a)], dim=1)
        te = F.linear(self.silu(F.linear(feats, self.t_w0, self.t_b0)), self.t_w2, self.t_b2)
        return self.silu(te + self.table[torch.tensor(ys, dtype=torch.long)])

    def rope(self, h, w):
        key = (h, w)
        if key not in self.rope_cache:
            axis = self.hd // 2
            f = 1.0 / (10000 ** (torch.arange(0, axis, 2, dtype=torch.float32) / axis))
            f = f.to(torch.float64).repeat_interleave(2)
            n = torch.arange(h * w, dtype=torch.float64)
            ang = torch.cat([torch.outer(torch.remainder(n, h), f),       # posA = n mod h
                             torch.outer(torch.div(n, h, rounding_mode="floor"), f)], 1)  # posB = n div h
            self.rope_cache[key] = (torch.cos(ang).float()[:, None, :].contiguous(),
                                    torch.sin(ang).float()[:, None, :].contiguous())
        return self.rope_cache[key]

    def rotate(self, x, rope):  # x [b, n, heads, hd]
        return x * rope[0] + (x @ self.pair_swap) * rope[1]

    def attend(self, q, k, v):  # [b, heads, n, hd]
        if self.attention == "eager":
            return torch.softmax(q @ k.transpose(-2, -1), dim=-1) @ v
        return F.scaled_dot_product_attention(q, k, v)  # the fused (flash) CPU kernel in torch 2.x

    def block(self, p, x, c, rope):
        b, n, d = x.shape
        mod = F.linear(c, p["mod_w"], p["mod_b"]).reshape(b, 1, 6 * d).chunk(6, dim=2)
        shift1, scale1, gate1, shift2, scale2, gate2 = mod
        h = self.norm(x) * scale1 + shift1
        qkv = F.linear(h, p["qkv_w"], p["qkv_b"]).reshape(b, n, 3, self.heads, self.hd)
        q, k, v = qkv.unbind(2)
        q = F.layer_norm(q, (self.hd,), p["qn_w"], p["qn_b"], 1e-5)
        k = F.layer_norm(k, (self.hd,), p["kn_w"], p["kn_b"], 1e-5)
        q = self.rotate(q, rope).transpose(1, 2)
        k = self.rotate(k, rope).transpose(1, 2)
        a = self.attend(q, k, v.transpose(1, 2)).transpose(1, 2).reshape(b, n, d)
        x = x + F.linear(a, p["proj_w"], p["proj_b"]) * gate1
        h = self.norm(x) * scale2 + shift2
        m = F.linear(self.gelu_tanh(F.linear(h, p["fc1_w"], p["fc1_b"])), p["fc2_w"], p["fc2_b"])
        return x + m * gate2

    def forward(self, x, sizes, c):
        """x [N, 32] packed tokens (each image row-major), sizes [(h, w)], c [B, D] -> v [N, 32]."""
        e = F.linear(x, self.embed_w, self.embed_b)
        outs, img, tok = [], 0, 0
        while img < len(sizes):  # consecutive images of one size attend as one batch
            hw, cnt = sizes[img], 1
            while img + cnt < len(sizes) and sizes[img + cnt] == hw:
                cnt += 1
            n = hw[0] * hw[1]
            rope = self.rope(*hw)
            h = e[tok:tok + cnt * n].reshape(cnt, n, self.d)
            ci = c[img:img + cnt]
            for p in self.blocks:
                h = self.block(p, h, ci, rope)
            shift, scale = F.linear(ci, self.fin_mod_w, self.fin_mod_b).reshape(cnt, 1, 2 * self.d).chunk(2, 2)
            outs.append(F.linear(self.norm(h) * scale + shift, self.fin_w, self.fin_b).reshape(cnt * n, IN_CHANNELS))
            tok += cnt * n
            img += cnt
        return outs[0] if len(outs) == 1 else torch.cat(outs)


# ---------------------------------------------------------------------------------------------
# golden check


def golden(directory, attention, ops):
    meta = json.load(open(os.path.join(directory, "golden.json")))
    cfg = meta["nit_config"]
    w, _ = read_safetensors(os.path.join(directory, "nit_tiny.safetensors"))
    cases, _ = read_safetensors(os.path.join(directory, "nit_tiny_cases.safetensors"))
    model = Nit(w, cfg["hidden_size"], cfg["depth"], cfg["num_heads"], attention, ops)
    worst = 0.0
    with torch.inference_mode():
        for case in meta["forward_cases"]:
            nm = case["name"]
            sizes = [tuple(s) for s in case["hw"]]
            out = model.forward(cases["fwd.%s.x" % nm].float(), sizes, model.conditioning(case["t"], case["y"]))
            ref = cases["fwd.%s.out" % nm].double()
            err = float((out.double() - ref).norm() / ref.norm())
            worst = max(worst, err)
            print("forward %-22s hw %-18s t %-12s y %-14s rel L2 %.2e" % (nm, sizes, case["t"], case["y"], err))
    ok = worst < 1e-5
    print("worst %.2e (%s, limit 1e-5)" % (worst, "PASS" if ok else "FAIL"))
    return 0 if ok else 1


# ---------------------------------------------------------------------------------------------
# benchmark (what BenchCommand.measure measures)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # Linux: KiB


def measure(model, pixels, batch, repeat, cfg_scale=3.0):
    side = pixels // 32
    sizes = [(side, side)] * batch
    n = side * side
    x = torch.randn(batch * n, IN_CHANNELS)
    c = model.conditioning([0.5] * batch, [207] * batch)
    model.forward(x, sizes, c)  # warm-up
    start = time.perf_counter()
    for _ in range(repeat):
        float(model.forward(x, sizes, c)[0, 0])
    ms_forward = (time.perf_counter() - start) * 1e3 / repeat

    # ODE Euler with CFG on every step (interval [0, 1]): per step one forward of the 2B images
    # (cond, then null class) + the guidance combine + the update; conditioning made up front
    start = time.perf_counter()
    grid = torch.linspace(1, 0, repeat + 1, dtype=torch.float64)
    ts, ys = [], []
    for g in grid.tolist():
        ts += [g] * (2 * batch)
        ys += [207] * batch + [NUM_CLASSES] * batch
    cond_all = model.conditioning(ts, ys)
    dts = (grid[1:] - grid[:-1]).float()
    guidance = torch.tensor(cfg_scale, dtype=torch.float32)
    doubled = sizes + sizes
    xs = x.clone()
    for i in range(repeat):
        both = model.forward(torch.cat([xs, xs]), doubled, cond_all[i * 2 * batch:(i + 1) * 2 * batch])
        cond, uncond = both[:batch * n], both[batch * n:]
        v = uncond + (cond - uncond) * guidance
        xs = xs + v * dts[i]
    float(xs[0, 0])
    ms_step = (time.perf_counter() - start) * 1e3 / repeat
    return dict(size=pixels, batch=batch, tokens_per_image=n, ms_per_forward=ms_forward, ms_per_step=ms_step,
                s_per_image_50_steps=ms_step * 50 / 1000 / batch, images_per_s=batch / (ms_step * 50 / 1000),
                peak_rss_mb=peak_rss_mb())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="256,512,1024", help="square sizes in pixels (latent = PX/32)")
    ap.add_argument("--batches", default="1,2")
    ap.add_argument("--repeat", type=int, default=2, help="timed repetitions after one warm-up")
    ap.add_argument("--depth", type=int, default=28)
    ap.add_argument("--hidden", type=int, default=1152)
    ap.add_argument("--heads", type=int, default=16)
    ap.add_argument("--attention", choices=("eager", "sdpa"), default="eager")
    ap.add_argument("--ops", choices=("native", "mirror"), default="native",
                    help="native: F.gelu(tanh)/F.silu/F.layer_norm(no affine); mirror: our Java op sequence")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="also write the results as JSON")
    ap.add_argument("--parallel-info", action="store_true", help="print torch's OpenMP/MKL thread settings")
    ap.add_argument("--golden", metavar="DIR", help="check the forward against DIR's tiny NiT goldens and exit")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    print("torch %s, %d threads, BLAS: %s" % (torch.__version__, torch.get_num_threads(), blas_name()))
    if a.parallel_info:
        print(torch.__config__.parallel_info())
    if a.golden:
        with torch.inference_mode():
            return golden(a.golden, a.attention, a.ops)

    sizes = [int(s) for s in a.sizes.split(",")]
    batches = [int(b) for b in a.batches.split(",")]
    if a.repeat < 1 or a.depth < 1 or any(s < 32 or s % 32 for s in sizes):
        ap.error("--repeat/--depth >= 1, sizes multiples of 32")
    t0 = time.perf_counter()
    with torch.inference_mode():
        model = Nit(random_weights(xl_shapes(a.hidden, a.depth, a.heads), 0.02, a.seed),
                    a.hidden, a.depth, a.heads, a.attention, a.ops)
    load_s = time.perf_counter() - t0
    print("NiT-XL shape (depth %d, random weights), cpu, fp32, %d threads, attention %s, ops %s"
          % (a.depth, torch.get_num_threads(), a.attention, a.ops))
    print("| size | batch | tokens/image | ms/forward | ms/step (CFG) | s/image (50 steps) | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    rows = []
    with torch.inference_mode():
        for s in sizes:
            for b in batches:
                r = measure(model, s, b, a.repeat)
                rows.append(r)
                print("| %d^2 | %d | %d | %.1f | %.1f | %.2f | %.0f |" % (
                    s, b, r["tokens_per_image"], r["ms_per_forward"], r["ms_per_step"],
                    r["s_per_image_50_steps"], r["peak_rss_mb"]), flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(engine="PyTorch eager (Python) " + torch.__version__, threads=torch.get_num_threads(),
                           blas=blas_name(), device="cpu", precision="fp32", depth=a.depth, hidden=a.hidden,
                           heads=a.heads, attention=a.attention, ops=a.ops, load_s=load_s, results=rows),
                      f, indent=2)
    return 0


def blas_name():
    """The BLAS torch was built with (the pip CPU wheel: oneMKL, linked statically)."""
    config = torch.__config__.show()
    return "oneMKL" if "BLAS_INFO=mkl" in config else "other (see torch.__config__.show())"


if __name__ == "__main__":
    sys.exit(main())
