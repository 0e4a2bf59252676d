#!/usr/bin/python3
"""Reference outputs of the tiny golden NiT built with qk_norm=False, for NitNoQkNormTest.

The official NiT attention with qk_norm=False has no q/k LayerNorm (nn.Identity) and still
scales the scores by 1/sqrt(head_dim). No released checkpoint uses it, so the official goldens
do not cover it. This script evaluates that forward in float64 numpy, written from
nit-reference.md like the project's numpy spec (which reproduces the official goldens to 1e-7),
on the golden weights and inputs, and writes the outputs as F32.

usage: /usr/bin/python3 src/tools/nit_no_qk_norm_reference.py src/test/resources/golden
writes GOLDEN_DIR/nit_tiny_no_qk_norm_cases.safetensors with fwd.<case>.out for every forward case.
Needs numpy only (apt-get install python3-numpy).
"""
import json
import math
import os
import struct
import sys

import numpy as np


def read_f32(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, v in header.items():
        if v["dtype"] != "F32":
            raise SystemExit("%s: %s is %s, expected F32" % (path, name, v["dtype"]))
        s, e = v["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + s:8 + n + e], dtype="<f4").astype(np.float64).reshape(v["shape"])
    return out


def write_f32(path, tensors):
    header, blobs, off = {}, [], 0
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header["__metadata__"] = {"generator": "src/tools/nit_no_qk_norm_reference.py (float64 numpy, qk_norm=False)"}
    hb = json.dumps(header).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)) + hb + b"".join(blobs))


golden = sys.argv[1]
meta = json.load(open(os.path.join(golden, "golden.json")))
cfg = meta["nit_config"]
W = read_f32(os.path.join(golden, "nit_tiny.safetensors"))
C = read_f32(os.path.join(golden, "nit_tiny_cases.safetensors"))
D, H = cfg["hidden_size"], cfg["num_heads"]
hd = D // H


def lin(x, p):
    return x @ W[p + ".weight"].T + W[p + ".bias"]


def layer_norm(x, eps):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps)


def silu(x):
    return x / (1 + np.exp(-x))


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def t_embed(t):
    # the official frequencies and angles are float32; the rest is float64
    f = np.exp(-math.log(10000) * np.arange(128, dtype=np.float32) / 128).astype(np.float32)
    a = (np.float32(t) * f).astype(np.float32)
    e = np.concatenate([np.cos(a), np.sin(a)]).astype(np.float64)
    return lin(silu(lin(e, "t_embedder.mlp.0")), "t_embedder.mlp.2")


def rope(h, w):
    dim = hd // 2
    f = 1.0 / (10000 ** (np.arange(0, dim, 2, dtype=np.float32) / dim))
    f = np.repeat(f.astype(np.float64), 2)
    n = np.arange(h * w)
    # the trained position quirk: first half from n mod h, second half from n div h
    ang = np.concatenate([np.outer(n % h, f), np.outer(n // h, f)], axis=1)
    return np.cos(ang), np.sin(ang)


def rotate(x, cos, sin):
    r = np.empty_like(x)
    r[..., 0::2] = -x[..., 1::2]
    r[..., 1::2] = x[..., 0::2]
    return x * cos + r * sin


def forward(x, hw, ts, ys):
    outs, o = [], 0
    for (h, w), t, y in zip(hw, ts, ys):
        n = h * w
        xi = x[o:o + n] @ W["x_embedder.proj.weight"].reshape(D, -1).T + W["x_embedder.proj.bias"]
        o += n
        c = t_embed(t) + W["y_embedder.embedding_table.weight"][y]
        cos, sin = rope(h, w)
        for i in range(cfg["depth"]):
            p = "blocks.%d." % i
            m = lin(silu(c), p + "adaLN_modulation.1").reshape(6, D)
            hh = layer_norm(xi, 1e-6) * (1 + m[1]) + m[0]
            qkv = lin(hh, p + "attn.qkv").reshape(n, 3, H, hd)
            q, k, v = qkv[:, 0], qkv[:, 1], qkv[:, 2]  # qk_norm=False: no q/k LayerNorm
            q, k = rotate(q, cos[:, None], sin[:, None]), rotate(k, cos[:, None], sin[:, None])
            s = np.einsum("nhd,mhd->hnm", q, k) / math.sqrt(hd)
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = np.einsum("hnm,mhd->nhd", s, v).reshape(n, D)
            xi = xi + m[2] * lin(a, p + "attn.proj")
            hh = layer_norm(xi, 1e-6) * (1 + m[4]) + m[3]
            xi = xi + m[5] * lin(gelu_tanh(lin(hh, p + "mlp.fc1")), p + "mlp.fc2")
        m = lin(silu(c), "final_layer.adaLN_modulation.1").reshape(2, D)
        outs.append(lin(layer_norm(xi, 1e-6) * (1 + m[1]) + m[0], "final_layer.linear"))
    return np.concatenate(outs)


out = {}
for case in meta["forward_cases"]:
    name = case["name"]
    out["fwd.%s.out" % name] = forward(C["fwd.%s.x" % name], case["hw"], case["t"], case["y"])
write_f32(os.path.join(golden, "nit_tiny_no_qk_norm_cases.safetensors"), out)
print("wrote %d cases" % len(out))
