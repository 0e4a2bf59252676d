#!/usr/bin/env python3
"""Paired timing: the same work in our Java engine (DJL 0.36 + libtorch 2.7.1, through
../java/TimingServer.java) and in this PyTorch, turn by turn in two live processes. Each round runs
REPS calls on every side in turn, so this VM's drift (10-15 % from minute to minute, more between
runs) hits all sides alike; the "paired median" is the median over rounds of side / PyTorch.
Same OpenMP settings on both sides (GOMP_SPINCOUNT=10000, NiT's default; THREADS intra-op threads).

Cases:
  fwdPXxB     our NiT-XL forward (NitTransformer, random weights) with the eager and the scripted
              executor, against the eager PyTorch twin (nit_eager_bench.py, SDPA): issue 12's table
  nitPXxB     the TorchScript module our code generates (../java/WriteNitScript.java), run in both
  linearN     the four GEMMs of a block at N tokens, each as a one-op module run in both
  sdpaN, mulN, addN, geluN, layernormN   one op of a block at N tokens, likewise
  dcaePX, dcaelitePX[bf16]  our DC-AE decode (full or Lite; bf16: bfloat16 convolutions) per part,
              against the PyTorch twin (dcae_bench.py) in NCHW and channels-last, part by part

    mvn -B -ntp -q package -DskipTests
    java -cp target/nit-cli.jar src/bench/java/WriteNitScript.java target/nit-script
    python3 src/bench/python/paired.py --cases fwd512x1,fwd1024x1 --rounds 12 --seconds 4
    python3 src/bench/python/paired.py --cases nit512x1,linear256 --variant thp:THP_MEM_ALLOC_ENABLE=1
    python3 src/bench/python/paired.py --cases dcae512 --rounds 5 --variant before:cp=/tmp/old/nit-cli.jar

Each --variant is one more Java server with extra environment variables, timed in the same rounds;
cp=CLASSPATH runs that server from another build (an A/B of two versions of our code), src=FILE with
that build's own TimingServer.java (needed across the package regrouping of Dec 2026).
(libtorch's profiler is no help in comparing: under DJL it made elementwise ops 10-20x slower.)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("GOMP_SPINCOUNT", "10000")
import torch  # noqa: E402  (after the OpenMP setting, which libgomp reads when it loads)

import dcae_bench  # noqa: E402
import nit_eager_bench as twin_bench  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
HIDDEN, DEPTH, HEADS, HEAD_DIM, MLP = 1152, 28, 16, 72, 4608

LINEAR = """class Probe(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Probe, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return torch.linear(x, w, b)
"""
SDPA = """class Probe(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Probe, q: Tensor, k: Tensor, v: Tensor) -> Tensor:
    return torch.scaled_dot_product_attention(q, k, v, None, 0., False, scale=1.)
"""


ELEMENTWISE = {  # name: (expression of x and y, shape of x and y at N tokens)
    "mul": ("x * y", "1x%dx1152"),
    "add": ("x + y", "1x%dx1152"),
    "gelu": ("torch.gelu(x, approximate=\"tanh\")", "1x%dx4608"),
    "layernorm": ("torch.layer_norm(x, [1152], None, None, 1e-06, False)", "1x%dx1152"),
}


def nit_case(directory, px, batch):
    """The generated forward's inputs: tokens, silu(c), RoPE tables, the weights in module order."""
    n = (px // 32) ** 2
    lines = ["module " + os.path.join(directory, "nit_forward.pt"),
             "arg %dx%d 1" % (batch * n, twin_bench.IN_CHANNELS), "arg %dx%d 1" % (batch, HIDDEN),
             "arg %dx1x%d 0.5" % (n, HEAD_DIM), "arg %dx1x%d 0.5" % (n, HEAD_DIM)]
    shapes = twin_bench.xl_shapes(HIDDEN, DEPTH, HEADS)
    shapes["x_embedder.proj.weight"] = (HIDDEN, twin_bench.IN_CHANNELS)
    with open(os.path.join(directory, "keys.txt")) as f:
        for key in f.read().split():
            lines.append("list %s 0.02" % "x".join(str(d) for d in shapes[key]))
    return lines


def probe_cases(directory, server, name):
    """One-op modules at N tokens: linearN (the four GEMMs of a block), sdpaN, and ELEMENTWISE's."""
    if name.startswith("linear"):
        n = int(name[6:])
        path = write_probe(directory, server, "linear", LINEAR)
        return {"%s:%dx%d->%d" % (name, n, k, m): ["module " + path, "arg %dx%d 1" % (n, k), "arg %dx%d 0.02" % (m, k),
                                                   "arg %d 0.02" % m]
                for k, m in ((HIDDEN, 3 * HIDDEN), (HIDDEN, HIDDEN), (HIDDEN, MLP), (MLP, HIDDEN))}
    if name.startswith("sdpa"):
        n = int(name[4:])
        path = write_probe(directory, server, "sdpa", SDPA)
        qkv = "arg 1x%dx%dx%d 1" % (HEADS, n, HEAD_DIM)
        return {name: ["module " + path, qkv, qkv, qkv]}
    for op, (expression, shape) in ELEMENTWISE.items():
        if name.startswith(op) and name[len(op):].isdigit():
            source = LINEAR.replace("w: Tensor, b: Tensor", "y: Tensor").replace("torch.linear(x, w, b)", expression)
            path = write_probe(directory, server, op, source)
            x = "arg %s 1" % (shape % int(name[len(op):]))
            return {name: ["module " + path, x, x]}
    raise SystemExit("unknown case %s (nitPXxB, linearN, sdpaN, mulN, addN, geluN, layernormN)" % name)


def write_probe(directory, server, name, source):
    src = os.path.join(directory, name + ".py")
    with open(src, "w") as f:
        f.write(source)
    path = os.path.join(directory, name + ".pt")
    server.ask("write %s Probe %s" % (path, src))
    return path


class Server:
    def __init__(self, threads, classpath, extra_env):
        extra_env = dict(extra_env)
        classpath = extra_env.pop("cp", classpath)
        # src=: that build's own TimingServer.java, for a build whose packages differ from this one's
        source = extra_env.pop("src", os.path.join(REPO, "src", "bench", "java", "TimingServer.java"))
        env = dict(os.environ, **extra_env)
        self.proc = subprocess.Popen(
            ["java", "-Dai.djl.pytorch.num_threads=%d" % threads, "-Dai.djl.pytorch.num_interop_threads=1",
             "-cp", classpath, source],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)

    def ask(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if not answer or answer.startswith("error"):
            raise SystemExit("TimingServer: %r for %r" % (answer, line))
        return answer

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


class Local:
    """The same case in this PyTorch: same module file, inputs drawn the same way."""

    def __init__(self, lines):
        args, weights = [], []
        for line in lines:
            kind, value, *rest = line.split()
            if kind == "module":
                self.module = torch.jit.load(value)
                continue
            t = torch.randn([int(d) for d in value.split("x")]) * float(rest[0])
            (args if kind == "arg" else weights).append(t)
        self.args = args + ([weights] if weights else [])

    def run(self, reps):
        t0 = time.perf_counter()
        for _ in range(reps):
            self.module(*self.args)
        return (time.perf_counter() - t0) * 1e3


class Twin:
    """The eager PyTorch twin of our forward (nit_eager_bench.py, SDPA): what issue 12 compares to."""

    def __init__(self, depth):
        self.depth = depth
        self.model = twin_bench.Nit(twin_bench.random_weights(twin_bench.xl_shapes(HIDDEN, depth, HEADS)),
                                    HIDDEN, depth, HEADS, "sdpa")

    def prepare(self, px, batch):
        side = px // 32
        self.sizes = [(side, side)] * batch
        self.x = torch.randn(batch * side * side, twin_bench.IN_CHANNELS)
        self.c = self.model.conditioning([0.5] * batch, [207] * batch)

    def run(self, reps):
        t0 = time.perf_counter()
        for _ in range(reps):
            self.model.forward(self.x, self.sizes, self.c)
        return (time.perf_counter() - t0) * 1e3


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cases", default="nit512x1",
                    help="fwdPXxB, nitPXxB, linearN, sdpaN, mulN, addN, geluN, layernormN; comma separated")
    ap.add_argument("--depth", type=int, default=DEPTH, help="blocks of the fwd cases")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=2.0, help="about this long per side and round")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME:K=V[,K=V]",
                    help="one more Java server with these environment variables (columns of its own)")
    ap.add_argument("--script-dir", default=os.path.join(REPO, "target", "nit-script"))
    ap.add_argument("--classpath", default="target/nit-cli.jar:target/lib/*")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    servers = {"ours": Server(a.threads, a.classpath, {})}
    for v in a.variant:
        name, _, assignments = v.partition(":")
        servers[name] = Server(a.threads, a.classpath, dict(kv.split("=", 1) for kv in assignments.split(",")))
    print("torch %s vs DJL libtorch 2.7.1, %d threads, GOMP_SPINCOUNT=%s; ms per call, best / median of %d rounds;"
          " ratios to PyTorch: of the bests / of the medians / median of the rounds' ratios"
          % (torch.__version__, a.threads, os.environ["GOMP_SPINCOUNT"], a.rounds), flush=True)
    twin = None
    try:
        with torch.inference_mode():
            for name in a.cases.split(","):
                if name.startswith("fwd"):  # our NiT forward, both executors, against the eager twin
                    px, batch = (int(v) for v in name[3:].split("x"))
                    twin = twin if twin else Twin(a.depth)
                    twin.prepare(px, batch)
                    sides = {}
                    for n, server in servers.items():
                        server.ask("nit %d %d %d" % (px, batch, a.depth))
                        for executor in ("eager", "script"):
                            sides["%s %s" % (n, executor)] = timed(server, "run %%d %s" % executor)
                    measure(a, name, sides, twin.run)
                    continue
                if name.startswith("dcae"):  # our DC-AE decode per part against the twin, NCHW and channels-last
                    measure_dcae(a, name, servers)
                    continue
                if name.startswith("nit"):  # the generated module itself, in both runtimes
                    px, batch = (int(v) for v in name[3:].split("x"))
                    cases = {name: nit_case(a.script_dir, px, batch)}
                else:
                    cases = probe_cases(os.path.dirname(a.script_dir), servers["ours"], name)
                for label, lines in cases.items():
                    case_file = os.path.join(os.path.dirname(a.script_dir), "case.txt")
                    with open(case_file, "w") as f:
                        f.write("\n".join(lines) + "\n")
                    for server in servers.values():
                        server.ask("case " + case_file)
                    measure(a, label, {n: timed(server, "run %d") for n, server in servers.items()},
                            Local(lines).run)
    finally:
        for server in servers.values():
            server.close()


def measure_dcae(a, name, servers):
    """dcaePX / dcaelitePX[bf16]: rounds of one decode per side; per part, medians and paired ratios."""
    lite = name.startswith("dcaelite")
    bf16 = name.endswith("bf16")
    px = int(name[len("dcaelite" if lite else "dcae"):len(name) - (4 if bf16 else 0)])
    card = "dc-ae-lite-f32c32-sana-1.1" if lite else "dc-ae-f32c32-sana-1.1"
    with open(os.path.join(REPO, "models", card + ".json")) as f:
        cfg = json.load(f)["config"]
    sides = {}
    for n, server in servers.items():
        server.ask("dcae %s %d%s" % (card, px, " bf16" if bf16 else ""))
        sides[n] = (lambda server: lambda: [float(v) for v in server.ask("run 1 dcae").split()[2].split(",")])(server)
    weights = dcae_bench.random_weights(cfg, 42)
    z = torch.randn(1, cfg["latent_channels"], px // 32, px // 32)
    for label, last in (("PyTorch CL", True), ("PyTorch NCHW", False)):
        net = dcae_bench.Net(dict(weights), cfg, last)
        steps = net.decode_steps()

        def twin(net=net, steps=steps):
            times = []
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                dcae_bench.run(steps, z, net.fmt, times)
            return [t for _, t in times]
        sides[label] = twin
    parts = [p for p, _ in dcae_bench.Net(dict(weights), cfg).decode_steps()]
    for run in sides.values():  # warm-up
        run()
    times = {n: [] for n in sides}
    for _ in range(a.rounds):
        for n, run in sides.items():
            times[n].append(run())
    names = list(dict.fromkeys(parts))

    def per_part(steps):
        out = dict.fromkeys(names, 0.0)
        for p, t in zip(parts, steps):
            out[p] += t
        out["total"] = sum(steps)
        return out
    agg = {n: [per_part(r) for r in rounds] for n, rounds in times.items()}
    ours = [n for n in servers]
    print("\n%s (%s, %d^2%s), one decode per side and round, %d rounds; ms median, ratios = paired median of"
          " (side / PyTorch) over rounds\n" % (name, card, px, ", bf16 convolutions / autocast" if bf16 else "",
                                                 a.rounds))
    head = "| part | " + " | ".join(n + " ms" for n in sides) + " | " + " | ".join(
        "%s / CL | %s / NCHW" % (n, n) for n in ours) + " |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for part in names + ["total"]:
        cells = ["%.0f" % statistics.median(r[part] for r in agg[n]) for n in sides]
        for n in ours:
            for ref in ("PyTorch CL", "PyTorch NCHW"):
                cells.append("%.2f" % statistics.median(o[part] / max(p[part], 1e-9)
                                                        for o, p in zip(agg[n], agg[ref])))
        print("| %s | %s |" % (part, " | ".join(cells)), flush=True)


def timed(server, command):
    return lambda reps: float(server.ask(command % reps).split()[1])


def measure(a, label, ours, pytorch):
    """Rounds of REPS calls, each side in turn; prints one table per case."""
    sides = dict(ours, PyTorch=pytorch)
    for _ in range(2):  # TorchScript profiles its first calls on both sides
        for run in sides.values():
            run(1)
    reps = max(1, int(a.seconds * 1e3 / next(iter(ours.values()))(1)))
    times = {name: [] for name in sides}
    for _ in range(a.rounds):
        for name, run in sides.items():
            times[name].append(run(reps) / reps)
    pt = times["PyTorch"]
    print("\n%s, %d calls per side and round\n" % (label, reps))
    print("| side | ms/call best | median | / PyTorch: best | median | paired median |")
    print("|---|---|---|---|---|---|")
    for name, t in times.items():
        print("| %s | %.2f | %.2f | %.3f | %.3f | %.3f |" % (
            name, min(t), statistics.median(t), min(t) / min(pt), statistics.median(t) / statistics.median(pt),
            statistics.median(o / p for o, p in zip(t, pt))), flush=True)


if __name__ == "__main__":
    sys.exit(main())
