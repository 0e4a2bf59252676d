#!/usr/bin/env bash
# Issue 12 on a quiet machine: our eager and scripted NiT forward against PyTorch eager (SDPA),
# fp32 CPU, NiT-XL shape (depth 28, random weights), 256^2 / 512^2 / 1024^2, batch 1 and 2, ms
# per forward; peak RSS of the 1024^2 process per executor (batch 2 is its largest); and NiT's
# OpenMP wait policy (a short spin) against passive and libgomp's spinning default. Fills the tables
# "NiT executors" and "CPU threads and OpenMP waiting" of docs/performance.md.
#
# Run time, estimated from the last quiet numbers (2 threads, 256^2 b1 ~0.8 s per forward):
#   threads.sh 2      ~10 min   the essential part: 2 threads, all sizes, peak RSS at 1024^2 b2
#                               (ROUNDS=2 threads.sh 2: twice, ~20 min; the docs' table)
#   threads.sh spin   ~30 min   OpenMP short spin vs passive vs spinning, 2 threads, 512^2 b1, b2,
#                               idle and with two busy processes
#   threads.sh 1      ~16 min   the same table with 1 thread
#   threads.sh all    ~56 min   2, spin, then 1
#   threads.sh paired ~40 min   the docs' table: our executors and PyTorch taking turns call by
#                               call in live processes (python/paired.py), 2 then 1 thread
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
# ROUNDS=N repeats the whole table N times (the tables keep each cell's best round): this VM's
# speed drifts by 10-15 % between minutes, more than the differences measured.
table() {
    local t=$1
    for r in $(seq 1 "${ROUNDS:-1}"); do
        echo "== $t thread(s), 256^2 and 512^2 (repeat 2), round $r"
        ours "$t" "ours-t$t-small-r$r.json" --sizes 256,512 --batches 1,2 --repeat 2 --executors eager,script
        torch_eager "$t" "torch-t$t-small-r$r.json" --sizes 256,512 --batches 1,2 --repeat 2
        echo "== $t thread(s), 1024^2 (repeat 1), round $r"
        ours "$t" "ours-t$t-1024-eager-r$r.json" --sizes 1024 --batches 1,2 --repeat 1 --executors eager
        torch_eager "$t" "torch-t$t-1024-r$r.json" --sizes 1024 --batches 1,2 --repeat 1
        ours "$t" "ours-t$t-1024-script-r$r.json" --sizes 1024 --batches 1,2 --repeat 1 --executors script
    done
}

# spin: OpenMP waiting at 512^2 (256 tokens; batch 1, 2; scripted forward, 2 threads): NiT's
# default short spin (GOMP_SPINCOUNT=10000, set by CpuThreads), passive (sleep at once) and
# libgomp's own default (spin 300000 rounds), 2 alternating rounds, on the idle machine and with
# two busy processes (a Python loop each, as another user's work) holding both cores.
busy() { python3 -c 'while True: pass' & }
spin() {
    for load in 0 2; do
        for r in 1 2; do
            local pids=()
            for _ in $(seq 1 "$load"); do busy; pids+=($!); done
            echo "== $load busy processes, round $r: short spin (NiT default), passive, libgomp default"
            ours 2 "spin-short-load$load-r$r.json" --sizes 512 --batches 1,2 --repeat 3 --executors script
            OMP_WAIT_POLICY=PASSIVE ours 2 "spin-passive-load$load-r$r.json" --sizes 512 --batches 1,2 \
                --repeat 3 --executors script
            GOMP_SPINCOUNT=300000 ours 2 "spin-spin-load$load-r$r.json" --sizes 512 --batches 1,2 \
                --repeat 3 --executors script
            [ "$load" -eq 0 ] || kill "${pids[@]}"
        done
    done
}

# paired THREADS ROUNDS CASES: python/paired.py (ms per forward, best / median / paired median)
paired() {
    [ -f target/nit-script/nit_forward.pt ] ||
        java -cp target/nit-cli.jar src/bench/java/WriteNitScript.java target/nit-script >/dev/null
    "$PY" src/bench/python/paired.py --threads "$1" --rounds "$2" --seconds 4 --cases "$3" 2>"$OUT/paired-t$1.err" |
        tee "$OUT/paired-t$1-$(echo "$3" | tr ',' '_').md"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (should be < 0.3)"
start=$(date +%s)
case "${1:-2}" in
    2) table 2 ;;
    1) table 1 ;;
    spin) spin ;;
    all) table 2; spin; table 1 ;;
    paired)
        paired 2 8 fwd256x1,fwd256x2,fwd512x1,fwd512x2,fwd1024x1,fwd1024x2
        paired 1 6 fwd256x1,fwd256x2,fwd512x1,fwd512x2
        paired 1 4 fwd1024x1,fwd1024x2
        exit 0 ;;
    *) echo "usage: $0 [2|spin|1|all|paired]" >&2; exit 2 ;;
esac
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); took $(( $(date +%s) - start )) s"
echo
"$PY" src/bench/python/executor_table.py "$OUT"
