#!/usr/bin/env bash
# Issue 12 on a quiet machine: our eager and scripted NiT forward against PyTorch eager (SDPA),
# fp32 CPU, NiT-XL shape (depth 28, random weights), 256^2 / 512^2 / 1024^2, batch 1 and 2, ms
# per forward; peak RSS of the 1024^2 process per executor (batch 2 is its largest); and NiT's
# OpenMP wait policy (passive) against libgomp's spinning default. Fills README's "Executors and
# CPU threads" table.
#
# Run time, estimated from the last quiet numbers (2 threads, 256^2 b1 ~0.8 s per forward):
#   threads.sh 2      ~10 min   the essential part: 2 threads, all sizes, peak RSS at 1024^2 b2
#   threads.sh spin   ~5 min    OpenMP passive vs spinning vs short spin, 2 threads, 256^2 b1, b2
#   threads.sh 1      ~16 min   the same table with 1 thread
#   threads.sh all    ~31 min   2, spin, then 1
# Every part prints the whole table of what target/quiet-threads holds so far.
# Needs: target/nit-cli.jar (built here if missing), python3 with torch 2.x (CPU).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:-target/quiet-threads}
mkdir -p "$OUT"
[ -f target/nit-cli.jar ] || mvn -B -ntp -o -q package -DskipTests
PY=${PYTHON:-python3}

# ours THREADS JSON ARGS...: nit-cli.jar bench at THREADS intra-op threads
ours() {
    local t=$1 json=$2
    shift 2
    OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t java -Dai.djl.pytorch.num_threads="$t" -jar target/nit-cli.jar bench \
        --device cpu --precision fp32 --depth 28 --decode-sizes 0 --json "$OUT/$json" "$@" 2>"$OUT/$json.err" \
        | grep '^| [0-9]' || { echo "failed: see $OUT/$json.err" >&2; return 1; }
}

# torch THREADS JSON ARGS...: the PyTorch twin, fused SDPA
torch_eager() {
    local t=$1 json=$2
    shift 2
    OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t "$PY" src/bench/python/nit_eager_bench.py --threads "$t" \
        --attention sdpa --depth 28 --json "$OUT/$json" "$@" | grep '^| [0-9]'
}

# table THREADS: Java and Python alternate by size; the two executors alternate inside one JVM
# at 256^2/512^2 and run as separate processes at 1024^2, so each one's peak RSS is its own.
table() {
    local t=$1
    echo "== $t thread(s), 256^2 and 512^2 (repeat 2)"
    ours "$t" "ours-t$t-small.json" --sizes 256,512 --batches 1,2 --repeat 2 --executors eager,script
    torch_eager "$t" "torch-t$t-small.json" --sizes 256,512 --batches 1,2 --repeat 2
    echo "== $t thread(s), 1024^2 (repeat 1)"
    ours "$t" "ours-t$t-1024-eager.json" --sizes 1024 --batches 1,2 --repeat 1 --executors eager
    torch_eager "$t" "torch-t$t-1024.json" --sizes 1024 --batches 1,2 --repeat 1
    ours "$t" "ours-t$t-1024-script.json" --sizes 1024 --batches 1,2 --repeat 1 --executors script
}

# spin: NiT's default (OMP_WAIT_POLICY=PASSIVE, set by CpuThreads) against libgomp's own default
# (spin 300000 rounds at each barrier) and a short spin (10000), 2 rounds, alternating
spin() {
    for r in 1 2; do
        echo "== OpenMP passive (NiT default), round $r"
        ours 2 "spin-passive-r$r.json" --sizes 256 --batches 1,2 --repeat 2 --executors eager,script
        echo "== OpenMP spinning (GOMP_SPINCOUNT=300000, libgomp's default), round $r"
        GOMP_SPINCOUNT=300000 ours 2 "spin-spin-r$r.json" --sizes 256 --batches 1,2 --repeat 2 \
            --executors eager,script
        echo "== OpenMP short spin (GOMP_SPINCOUNT=10000), round $r"
        GOMP_SPINCOUNT=10000 ours 2 "spin-short-r$r.json" --sizes 256 --batches 1,2 --repeat 2 \
            --executors eager,script
    done
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (should be < 0.3)"
start=$(date +%s)
case "${1:-2}" in
    2) table 2 ;;
    1) table 1 ;;
    spin) spin ;;
    all) table 2; spin; table 1 ;;
    *) echo "usage: $0 [2|spin|1|all]" >&2; exit 2 ;;
esac
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); took $(( $(date +%s) - start )) s"
echo
"$PY" src/bench/python/executor_table.py "$OUT"
