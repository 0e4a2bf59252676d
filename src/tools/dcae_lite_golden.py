#!/usr/bin/env python3
"""Golden cases for DC-AE-Lite's architecture (src/test/resources/golden/dcae_lite/), made with
diffusers' own AutoencoderDC on the CPU in float64.

DC-AE-Lite (dc-ae-lite-f32c32-sana-1.1, DC-Gen's `dc_ae_f32c32` config of that name) keeps the SANA
encoder and replaces the decoder by ResBlocks only (depths 0, 3, 5, 4, 4, 4 from full size to
latent size), pixel-shuffle up-sampling and SiLU before the output convolution. With no block at
full size, diffusers' decoder ends in a pixel-shuffle up block without shortcut
(decoder.conv_out.conv). This script builds a tiny model of that layout (same block kinds, small
channels), draws random float32-representable weights and latents, and stores the float64 decode.

    git --git-dir=<diffusers mirror> archive <commit> src | tar x -C /tmp/diffusers
    PYTHONPATH=/tmp/diffusers/src python3 src/tools/dcae_lite_golden.py src/test/resources/golden/dcae_lite

(torch 2.13 CPU, safetensors; diffusers at the commit named in the README written next to the files.)
"""
import json
import os
import subprocess
import sys

import torch
from safetensors.torch import save_file

from diffusers import AutoencoderDC

CONFIG = {
    "_class_name": "AutoencoderDC",
    "in_channels": 3,
    "latent_channels": 32,
    "attention_head_dim": 8,
    "encoder_block_types": ["ResBlock", "ResBlock", "ResBlock", "EfficientViTBlock", "EfficientViTBlock",
                            "EfficientViTBlock"],
    "decoder_block_types": "ResBlock",
    "encoder_block_out_channels": [8, 16, 32, 32, 64, 64],
    "decoder_block_out_channels": [8, 16, 32, 32, 64, 64],
    "encoder_layers_per_block": [1, 1, 1, 2, 2, 2],
    "decoder_layers_per_block": [0, 1, 2, 1, 1, 2],
    "encoder_qkv_multiscales": [[], [], [], [5], [5], [5]],
    "decoder_qkv_multiscales": [[], [], [], [], [], []],
    "upsample_block_type": "pixel_shuffle",
    "downsample_block_type": "Conv",
    "decoder_norm_types": "rms_norm",
    "decoder_act_fns": "silu",
    "encoder_out_shortcut": True,
    "decoder_in_shortcut": True,
    "decoder_conv_act_fn": "silu",
    "scaling_factor": 0.41407,
}
DECODE_CASES = {"dec.2x3": (2, 3), "dec.1x4": (1, 4), "dec.3x1": (3, 1)}
ENCODE_CASE = ("enc.64x96", (64, 96))


def f32(t):
    """Rounds to float32 and back: every value is exactly what a float32 reader sees."""
    return t.float().double()


def randomize(model, g):
    """Non-trivial weights: fan-in scaled normals, norm scales near 1, small biases."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1:
                base = 1.0 if "norm" in name and name.endswith("weight") else 0.0
                p.copy_(f32(base + 0.1 * torch.randn(p.shape, generator=g, dtype=torch.float64)))
            else:
                fan_in = p[0].numel()
                p.copy_(f32(torch.randn(p.shape, generator=g, dtype=torch.float64) / fan_in ** 0.5))


def main(out):
    os.makedirs(out, exist_ok=True)
    g = torch.Generator().manual_seed(2026)
    model = AutoencoderDC(**{k: v for k, v in CONFIG.items() if not k.startswith("_")}).double().eval()
    randomize(model, g)
    weights = {k: v.float().contiguous() for k, v in model.state_dict().items()}
    save_file(weights, os.path.join(out, "dcae_lite_tiny.safetensors"), metadata={"config": json.dumps(CONFIG)})

    model32 = AutoencoderDC(**{k: v for k, v in CONFIG.items() if not k.startswith("_")}).eval()
    model32.load_state_dict(weights)
    cases, index = {}, []
    with torch.no_grad():
        for name, (h, w) in DECODE_CASES.items():
            z = f32(torch.randn(1, CONFIG["latent_channels"], h, w, generator=g, dtype=torch.float64))
            cases[name + ".z"] = z[0].float()
            cases[name + ".img"] = model._decode(z)[0].float()
            cases[name + ".img_f32model"] = model32._decode(z.float())[0]
            index.append({"name": name, "what": "decoder(z) -> image [3, 32h, 32w] (decoder _decode, no scaling)"})
        name, (h, w) = ENCODE_CASE
        img = f32(torch.rand(1, 3, h, w, generator=g, dtype=torch.float64) * 2 - 1)
        cases[name + ".img"] = img[0].float()
        cases[name + ".z"] = model._encode(img)[0].float()
        index.append({"name": name, "what": "encoder(image) -> latent [32, h/32, w/32] (before scaling_factor)"})
    save_file({k: v.contiguous() for k, v in cases.items()}, os.path.join(out, "dcae_lite_tiny_cases.safetensors"))
    diffusers_dir = os.path.dirname(os.path.dirname(os.path.dirname(sys.modules["diffusers"].__file__)))
    commit = os.environ.get("DIFFUSERS_COMMIT") or subprocess.run(
        ["git", "-C", diffusers_dir, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(out, "dcae_lite.json"), "w") as f:
        json.dump({"generator": "src/tools/dcae_lite_golden.py", "diffusers": commit or "unknown",
                   "torch": torch.__version__, "seed": 2026, "dcae_config": CONFIG, "cases": index}, f, indent=1)
        f.write("\n")
    for name in DECODE_CASES:
        ref, f32m = cases[name + ".img"], cases[name + ".img_f32model"]
        print("%s float32 model vs float64: relative L2 %.2e" % (name, float((f32m - ref).norm() / ref.norm())))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/golden/dcae_lite")
