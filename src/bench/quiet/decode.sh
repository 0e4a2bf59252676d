#!/usr/bin/env bash
# Quiet-machine numbers for docs/performance.md: the DC-AE f32c32 decode/encode per stage (ours and
# the PyTorch twin) and TiM-C2I seconds per image. Run from the repository root on an otherwise idle
# machine, after `mvn -B -ntp -o -q package -DskipTests` (target/nit-cli.jar) and with python3 +
# torch installed (any recent CPU build; the twin needs nothing else).
# Total run time on the 2-core VM: about 10 minutes (estimated from loaded runs; 1024^2 dominates).
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=target/nit-cli.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -ntp -o -q package -DskipTests" >&2; exit 1; }
OUT=${OUT:-target/quiet-decode}
mkdir -p "$OUT"
ours() { # threads, sizes: our decode + encode per part
    java -Dai.djl.pytorch.num_threads="$1" -Dai.djl.pytorch.num_interop_threads=1 -cp "$JAR" \
        src/bench/java/DcAeProfile.java "$2" 1 2>/dev/null
}
twin() { # threads, sizes: the PyTorch twin, contiguous NCHW as diffusers runs it
    python3 src/bench/python/dcae_bench.py --config models/dc-ae-f32c32-sana-1.1.json --threads "$1" \
        --sizes "$2" --repeat 1 --encode
}
uptime
python3 src/bench/python/dcae_bench.py --golden src/test/resources/golden | tail -1  # twin == goldens

echo "== 1. DC-AE, 2 threads (docs/performance.md): ours, then PyTorch"
ours 2 512,1024 | tee "$OUT/ours_2threads.md"
twin 2 512,1024 | tee "$OUT/torch_2threads.md"

echo "== 2. DC-AE 512^2, 1 thread each (the cleaner engine comparison), alternating"
ours 1 512 | tee "$OUT/ours_1thread.md"
twin 1 512 | tee "$OUT/torch_1thread.md"

echo "== 3. TiM-C2I at the XL shape, 512^2, 1/2/4/8 steps, decode included (2 threads)"
java -Dai.djl.pytorch.num_threads=2 -jar "$JAR" bench --tim --sizes 512 --tim-steps 1,2,4,8 --repeat 1 \
    --json "$OUT/tim.json" 2>/dev/null | tee "$OUT/tim.md"
uptime
