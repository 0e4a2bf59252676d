#!/usr/bin/python3
"""PyTorch eager twin of our DC-AE decoder and encoder (model/dcae), in plain torch (no diffusers),
written from ../shared/spec/dcae_spec.py. Two uses:

  python3 dcae_bench.py --golden src/test/resources/golden
      checks the twin against the DC-AE goldens (fp32, worst relative L2 printed; exit 1 above 1e-5)
  python3 dcae_bench.py --config models/dc-ae-f32c32-sana-1.1.json --sizes 512,1024 --threads 1
      times decode (and with --encode, encode) of the real dc-ae-f32c32-sana-1.1 shape with random
      weights (std 1/sqrt(fan-in), as our RandomWeights), per part like `bench --tim` and
      ../java/DcAeProfile.java print it (best of --repeat, one warm-up at the first size)

--channels-last runs the network in torch's channels-last memory format (what oneDNN prefers).
"""
import argparse
import json
import os
import struct
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}


def read_safetensors(path):
    """Tensors and metadata of a safetensors file, read from its raw bytes."""
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for k, v in header.items():
        a, b = v["data_offsets"]
        buf = bytearray(raw[8 + n + a:8 + n + b])
        t = torch.frombuffer(buf, dtype=DTYPES[v["dtype"]]) if b > a else torch.zeros(0, dtype=DTYPES[v["dtype"]])
        out[k] = t.reshape(v["shape"]).float()
    return out, meta


class Net:
    """The DC-AE forward passes over a dict of weights keyed like the diffusers checkpoint."""

    def __init__(self, w, cfg, channels_last=False):
        self.w, self.cfg, self.hd = w, cfg, cfg["attention_head_dim"]
        self.fmt = torch.channels_last if channels_last else torch.contiguous_format
        for k, v in w.items():
            if v.dim() == 4:
                w[k] = v.contiguous(memory_format=self.fmt)

    def conv(self, x, p, stride=1, groups=1):
        wt = self.w[p + ".weight"]
        return F.conv2d(x, wt, self.w.get(p + ".bias"), stride, wt.shape[-1] // 2, 1, groups)

    def linear(self, x, p):
        """nn.Linear over channels, as a 1x1 conv (what our Java side does)."""
        wt = self.w[p + ".weight"]
        return F.conv2d(x, wt.reshape(*wt.shape, 1, 1).contiguous(memory_format=self.fmt))

    def rms(self, x, p):
        v = x.square().mean(1, keepdim=True)
        return x * torch.rsqrt(v + 1e-5) * self.w[p + ".weight"][:, None, None] + self.w[p + ".bias"][:, None, None]

    def resblock(self, x, p):
        return self.rms(self.conv(F.silu(self.conv(x, p + ".conv1")), p + ".conv2"), p + ".norm") + x

    def evit(self, x, p):
        b, c, h, w = x.shape
        heads, hd = c // self.hd, self.hd
        a = p + ".attn"
        qkv = torch.cat([self.linear(x, a + ".to_q"), self.linear(x, a + ".to_k"), self.linear(x, a + ".to_v")], 1)
        parts = [qkv]
        i = 0
        while a + ".to_qkv_multiscale.%d.proj_in.weight" % i in self.w:
            m = a + ".to_qkv_multiscale.%d" % i
            parts.append(self.conv(self.conv(qkv, m + ".proj_in", groups=3 * c), m + ".proj_out", groups=3 * heads))
            i += 1
        allq = torch.cat(parts, 1).reshape(b, -1, 3 * hd, h * w)
        q, k, v = F.relu(allq[:, :, :hd]), F.relu(allq[:, :, hd:2 * hd]), allq[:, :, 2 * hd:]
        if h * w > hd:
            num = (v @ k.transpose(2, 3)) @ q
            den = k.sum(3, keepdim=True).transpose(2, 3) @ q
            o = num / (den + 1e-15)
        else:
            s = k.transpose(2, 3) @ q
            o = v @ (s / (s.sum(2, keepdim=True) + 1e-15))
        o = self.linear(o.reshape(b, -1, h, w).contiguous(memory_format=self.fmt), a + ".to_out")
        x = self.rms(o, a + ".norm_out") + x
        f = p + ".conv_out"
        hdn = F.silu(self.conv(x, f + ".conv_inverted"))
        hdn = self.conv(hdn, f + ".conv_depth", groups=hdn.shape[1])
        val, gate = hdn.chunk(2, 1)
        return self.rms(self.conv(val * F.silu(gate), f + ".conv_point"), f + ".norm") + x

    def block(self, x, p, kind):
        return self.resblock(x, p) if kind == "ResBlock" else self.evit(x, p)

    def decode_steps(self):
        """(part name, function) in decoder order, named like TimBench's per-part table. Both layouts: the
        SANA DC-AEs (interpolating up blocks) and DC-AE-Lite (pixel-shuffle up blocks, no blocks at full
        size: the output conv is a pixel-shuffle up block, after SiLU)."""
        cfg, ch = self.cfg, self.cfg["decoder_block_out_channels"]
        n = len(ch)
        layers_all = cfg["decoder_layers_per_block"]
        kinds = cfg["decoder_block_types"]
        kinds = [kinds] * n if isinstance(kinds, str) else kinds
        shuffle = cfg.get("upsample_block_type", "pixel_shuffle") == "pixel_shuffle"
        steps = [("conv_in", lambda z: self.conv(z, "decoder.conv_in")
                  + z.repeat_interleave(ch[-1] // z.shape[1], 1))]
        for i in reversed(range(n)):
            kind, layers = kinds[i], layers_all[i]
            if layers == 0:
                continue
            stage = "stage %d (1/%d size, %d ch, %d x %s)" % (i, 1 << i, ch[i], layers, kind)
            j = 0
            if i < n - 1:
                p = "decoder.up_blocks.%d.0" % i
                steps.append(("up-sampling into stage %d" % i, self._up(p, ch[i], shuffle)))
                j = 1
            for m in range(layers):
                key = "decoder.up_blocks.%d.%d" % (i, j + m)
                steps.append((stage, lambda x, key=key, kind=kind: self.block(x, key, kind)))
        act = F.silu if cfg.get("decoder_conv_act_fn", "relu") == "silu" else F.relu
        if layers_all[0] > 0:
            steps.append(("norm_out + conv_out",
                          lambda x: self.conv(act(self.rms(x, "decoder.norm_out")), "decoder.conv_out")))
        else:
            steps.append(("norm_out + conv_out (up-sampling)", lambda x: F.pixel_shuffle(
                self.conv(act(self.rms(x, "decoder.norm_out")), "decoder.conv_out.conv"), 2)))
        return steps

    def _up(self, p, out_ch, shuffle=False):
        def up(x):
            y = F.pixel_shuffle(x.repeat_interleave(out_ch * 4 // x.shape[1], 1), 2)
            if shuffle:
                return F.pixel_shuffle(self.conv(x, p + ".conv"), 2) + y
            return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"), p + ".conv") + y
        return up

    def encode_steps(self):
        cfg, ch = self.cfg, self.cfg["encoder_block_out_channels"]
        n = len(ch)
        steps = [("conv_in", lambda img: self.conv(img, "encoder.conv_in"))]
        for i in range(n):
            kind, layers = cfg["encoder_block_types"][i], cfg["encoder_layers_per_block"][i]
            stage = "stage %d (1/%d size, %d ch, %d x %s)" % (i, 1 << i, ch[i], layers, kind)
            for j in range(layers):
                key = "encoder.down_blocks.%d.%d" % (i, j)
                steps.append((stage, lambda x, key=key, kind=kind: self.block(x, key, kind)))
            if i < n - 1:
                p = "encoder.down_blocks.%d.%d" % (i, layers)
                steps.append(("down-sampling out of stage %d" % i, self._down(p, ch[i + 1])))
        lat = cfg["latent_channels"]
        steps.append(("conv_out", lambda x: self.conv(x, "encoder.conv_out")
                      + x.unflatten(1, (lat, -1)).mean(2)))
        return steps

    def _down(self, p, out_ch):
        def down(x):
            y = F.pixel_unshuffle(x, 2)
            y = y.unflatten(1, (out_ch, -1)).mean(2)
            return self.conv(x, p + ".conv", stride=2) + y
        return down


def run(steps, x, fmt, times=None):
    x = x.contiguous(memory_format=fmt)
    for name, fn in steps:
        t = time.perf_counter()
        x = fn(x)
        if times is not None:
            times.append((name, (time.perf_counter() - t) * 1e3))
    return x


def rel(a, b):
    return float((a - b).norm() / b.norm())


def check_lite_golden(folder):
    """The twin against the DC-AE-Lite goldens (golden/dcae_lite): decode cases, both layouts."""
    w, meta = read_safetensors(os.path.join(folder, "dcae_lite", "dcae_lite_tiny.safetensors"))
    cases, _ = read_safetensors(os.path.join(folder, "dcae_lite", "dcae_lite_tiny_cases.safetensors"))
    cfg = json.loads(meta["config"])
    worst = 0.0
    for fmt_last in (False, True):
        net = Net(dict(w), cfg, fmt_last)
        for k in sorted(cases):
            if k.startswith("dec.") and k.endswith(".z"):
                e = rel(run(net.decode_steps(), cases[k][None], net.fmt)[0], cases[k[:-2] + ".img"])
                worst = max(worst, e)
                print("lite %-10s %s rel L2 %.2e" % (k, "channels-last" if fmt_last else "contiguous  ", e))
    return worst


def check_golden(folder):
    w, meta = read_safetensors(os.path.join(folder, "dcae_tiny.safetensors"))
    cases, _ = read_safetensors(os.path.join(folder, "dcae_tiny_cases.safetensors"))
    cfg = json.loads(meta["config"]) if "config" in meta else json.load(open(os.path.join(
        folder, "golden.json")))["dcae_config"]
    worst = 0.0
    for fmt_last in (False, True):
        net = Net(dict(w), cfg, fmt_last)
        for k in sorted(cases):
            if k.startswith("dec.") and k.endswith(".z"):
                e = rel(run(net.decode_steps(), cases[k][None], net.fmt)[0], cases[k[:-2] + ".img"])
            elif k.startswith("enc.") and k.endswith(".img"):
                e = rel(run(net.encode_steps(), cases[k][None], net.fmt)[0], cases[k[:-4] + ".z"])
            else:
                continue
            worst = max(worst, e)
            print("%-14s %s rel L2 %.2e" % (k, "channels-last" if fmt_last else "contiguous  ", e))
        img = run(net.decode_steps(), cases["e2e.latent"][None] / cfg["scaling_factor"], net.fmt)[0]
        e = rel(img, cases["e2e.image_f"])
        worst = max(worst, e)
        print("e2e decode     %s rel L2 %.2e" % ("channels-last" if fmt_last else "contiguous  ", e))
    if os.path.isdir(os.path.join(folder, "dcae_lite")):
        worst = max(worst, check_lite_golden(folder))
    print("worst %.2e" % worst)
    return 0 if worst < 1e-5 else 1


def random_weights(cfg, seed):
    """Uniform weights with std 1/sqrt(fan-in), norm scales near 1: the shapes our Java side binds."""
    g = torch.Generator().manual_seed(seed)
    w = {}

    def put(key, *shape):
        fan = 1
        for s in shape[1:]:
            fan *= s
        std = 0.02 if len(shape) == 1 else fan ** -0.5
        w[key] = (torch.rand(*shape, generator=g) * 2 - 1) * std * 3 ** 0.5
        if key.endswith("norm.weight") or key.endswith("norm_out.weight"):
            w[key] += 1

    hd = cfg["attention_head_dim"]

    def block(p, kind, c, scales):
        if kind == "ResBlock":
            put(p + ".conv1.weight", c, c, 3, 3)
            put(p + ".conv1.bias", c)
            put(p + ".conv2.weight", c, c, 3, 3)
            put(p + ".norm.weight", c)
            put(p + ".norm.bias", c)
            return
        a, heads = p + ".attn", c // hd
        for n in ("to_q", "to_k", "to_v"):
            put("%s.%s.weight" % (a, n), c, c)
        for i, k in enumerate(scales):
            put("%s.to_qkv_multiscale.%d.proj_in.weight" % (a, i), 3 * c, 1, k, k)
            put("%s.to_qkv_multiscale.%d.proj_out.weight" % (a, i), 3 * c, hd, 1, 1)
        put(a + ".to_out.weight", c, c * (1 + len(scales)))
        put(a + ".norm_out.weight", c)
        put(a + ".norm_out.bias", c)
        f = p + ".conv_out"
        put(f + ".conv_inverted.weight", 8 * c, c, 1, 1)
        put(f + ".conv_inverted.bias", 8 * c)
        put(f + ".conv_depth.weight", 8 * c, 1, 3, 3)
        put(f + ".conv_depth.bias", 8 * c)
        put(f + ".conv_point.weight", c, 4 * c, 1, 1)
        put(f + ".norm.weight", c)
        put(f + ".norm.bias", c)

    lat, ch = cfg["latent_channels"], cfg["decoder_block_out_channels"]
    layers = cfg["decoder_layers_per_block"]
    kinds = cfg["decoder_block_types"]
    kinds = [kinds] * len(ch) if isinstance(kinds, str) else kinds
    shuffle = cfg.get("upsample_block_type", "pixel_shuffle") == "pixel_shuffle"
    put("decoder.conv_in.weight", ch[-1], lat, 3, 3)
    put("decoder.conv_in.bias", ch[-1])
    for i in range(len(ch)):
        if layers[i] == 0:
            continue
        j = 0
        if i < len(ch) - 1:
            out = 4 * ch[i] if shuffle else ch[i]
            put("decoder.up_blocks.%d.0.conv.weight" % i, out, ch[i + 1], 3, 3)
            put("decoder.up_blocks.%d.0.conv.bias" % i, out)
            j = 1
        for m in range(layers[i]):
            block("decoder.up_blocks.%d.%d" % (i, j + m), kinds[i], ch[i], cfg["decoder_qkv_multiscales"][i])
    head = ch[0] if layers[0] > 0 else ch[1]
    put("decoder.norm_out.weight", head)
    put("decoder.norm_out.bias", head)
    if layers[0] > 0:
        put("decoder.conv_out.weight", cfg["in_channels"], head, 3, 3)
        put("decoder.conv_out.bias", cfg["in_channels"])
    else:
        put("decoder.conv_out.conv.weight", 4 * cfg["in_channels"], head, 3, 3)
        put("decoder.conv_out.conv.bias", 4 * cfg["in_channels"])
    ch = cfg["encoder_block_out_channels"]
    put("encoder.conv_in.weight", ch[0], cfg["in_channels"], 3, 3)
    put("encoder.conv_in.bias", ch[0])
    for i in range(len(ch)):
        n = cfg["encoder_layers_per_block"][i]
        for j in range(n):
            block("encoder.down_blocks.%d.%d" % (i, j), cfg["encoder_block_types"][i], ch[i],
                  cfg["encoder_qkv_multiscales"][i])
        if i < len(ch) - 1:
            put("encoder.down_blocks.%d.%d.conv.weight" % (i, n), ch[i + 1], ch[i], 3, 3)
            put("encoder.down_blocks.%d.%d.conv.bias" % (i, n), ch[i + 1])
    put("encoder.conv_out.weight", lat, ch[-1], 3, 3)
    put("encoder.conv_out.bias", lat)
    return w


def profile(label, steps, x, fmt, repeat, warm_up):
    if warm_up:
        run(steps, x, fmt)
    best = None
    for _ in range(repeat):
        times = []
        run(steps, x, fmt, times)
        if best is None or sum(t for _, t in times) < sum(t for _, t in best):
            best = times
    total = sum(t for _, t in best)
    print("%s: %.0f ms; by part:" % (label, total))
    print("| part | ms | share |\n|---|---|---|")
    sums = {}
    for name, t in best:
        sums[name] = sums.get(name, 0) + t
    for name, t in sums.items():
        print("| %s | %.0f | %.0f %% |" % (name, t, 100 * t / total))
    return total


def bench(args):
    cfg = json.load(open(args.config))["config"]
    torch.set_num_threads(args.threads)
    net = Net(random_weights(cfg, 42), cfg, args.channels_last)
    layout = "channels-last" if args.channels_last else "contiguous (NCHW)"
    print("torch %s, %d threads, fp32, %s" % (torch.__version__, torch.get_num_threads(), layout))
    g = torch.Generator().manual_seed(1)
    for px in args.sizes:
        z = torch.randn(1, cfg["latent_channels"], px // 32, px // 32, generator=g)
        warm_up = px == args.sizes[0]  # as DcAeProfile.java: one warm-up, at the first size
        profile("torch DC-AE decode of %d^2" % px, net.decode_steps(), z, net.fmt, args.repeat, warm_up)
        if args.encode:
            img = torch.rand(1, cfg["in_channels"], px, px, generator=g) * 2 - 1
            profile("torch DC-AE encode of %d^2" % px, net.encode_steps(), img, net.fmt, args.repeat, warm_up)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--golden", help="golden folder: check the twin against dcae_tiny_cases")
    ap.add_argument("--config", default="models/dc-ae-f32c32-sana-1.1.json")
    ap.add_argument("--sizes", default="512", type=lambda s: [int(v) for v in s.split(",")])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--encode", action="store_true", help="also time the encoder")
    ap.add_argument("--channels-last", action="store_true")
    args = ap.parse_args()
    with torch.inference_mode():
        if args.golden:
            raise SystemExit(check_golden(args.golden))
        bench(args)


if __name__ == "__main__":
    main()
