#!/usr/bin/env bash
# Issue 26 on a quiet machine: TiM-C2I seconds per image with the full and the Lite decoder in fp32
# and auto precision (bfloat16 where the CPU has AMX-BF16), the FLOP budget and this CPU's peak,
# the DC-AE decode per part paired with the PyTorch 2.13 twin (NCHW and channels-last), the
# EfficientViT fix before/after, and intra-op threads idle and under load. docs/performance-cpu.md
# says what each part answers. Run from the repository root, after `mvn -B -ntp -q package
# -DskipTests`, with python3 + torch 2.x (CPU) installed.
#
#   src/bench/quiet/cpu.sh tim       ~15 min  bench --tim 512^2: 1 and 4 steps, full + Lite, fp32 + auto
#   src/bench/quiet/cpu.sh budget    ~6 min   bench --tim 1024^2, 1 step: the 1024^2 budget and GFLOP/s
#   src/bench/quiet/cpu.sh paired    ~40 min  DC-AE 512^2 per part, ours vs the twin; full, Lite, bf16
#   src/bench/quiet/cpu.sh evit      ~25 min  the full decoder before (47467cb) and after the EfficientViT fix
#   src/bench/quiet/cpu.sh threads   ~15 min  2 vs 1 intra-op threads, idle then with 2 busy processes
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=target/nit-cli.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -ntp -q package -DskipTests" >&2; exit 1; }
OUT=${OUT:-target/quiet-cpu}
mkdir -p "$OUT"
PY=${PYTHON:-python3}
FULL=dc-ae-f32c32-sana-1.1
LITE=dc-ae-lite-f32c32-sana-1.1
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (should be < 0.3); $(nproc) cores"
grep -m1 'model name' /proc/cpuinfo || true
case "${1:-tim}" in
    tim)
        java -jar "$JAR" bench --tim --sizes 512 --tim-steps 1,4 --decoders "$FULL,$LITE" --precisions fp32,auto \
            --repeat 2 --json "$OUT/tim512.json" 2>"$OUT/tim512.err" | tee "$OUT/tim512.md" ;;
    budget)
        java -jar "$JAR" bench --tim --sizes 1024 --tim-steps 1 --decoders "$FULL,$LITE" --precisions fp32,auto \
            --repeat 1 --json "$OUT/tim1024.json" 2>"$OUT/tim1024.err" | tee "$OUT/tim1024.md" ;;
    paired)
        "$PY" src/bench/python/dcae_bench.py --golden src/test/resources/golden | tail -1  # twin == goldens
        "$PY" src/bench/python/paired.py --cases dcae512,dcaelite512,dcae512bf16,dcaelite512bf16 --rounds 4 \
            2>"$OUT/paired.err" | tee "$OUT/paired.md" ;;
    evit)
        BEFORE=${BEFORE:-/tmp/nit-before}
        if [ ! -f "$BEFORE/target/nit-cli.jar" ]; then
            git worktree add "$BEFORE" 47467cb
            (cd "$BEFORE" && mvn -B -ntp -q package -DskipTests)
        fi
        # today's TimingServer (47467cb's has no dcae case) with AttentionKind where 47467cb kept it
        sed 's/^import io.github.nitfiji.AttentionKind;/import io.github.nitfiji.model.nit.AttentionKind;/' \
            src/bench/java/TimingServer.java > "$BEFORE/TimingServerNow.java"
        "$PY" src/bench/python/paired.py --cases dcae512 --rounds 6 \
            --variant "before:cp=$BEFORE/target/nit-cli.jar:$BEFORE/target/lib/*,src=$BEFORE/TimingServerNow.java" \
            2>"$OUT/evit.err" \
            | tee "$OUT/evit.md" ;;
    threads)
        java -cp "$JAR" src/bench/java/ThreadsPaired.java 512 28 10 2,1 2>/dev/null | tee "$OUT/threads-idle.md"
        pids=()
        for _ in 1 2; do "$PY" -c 'while True: pass' & pids+=($!); done
        java -cp "$JAR" src/bench/java/ThreadsPaired.java 512 28 10 2,1 2>/dev/null | tee "$OUT/threads-busy.md"
        kill "${pids[@]}" ;;
    *) echo "usage: $0 [tim|budget|paired|evit|threads]" >&2; exit 2 ;;
esac
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
