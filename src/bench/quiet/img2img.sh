#!/usr/bin/env bash
# Issue 11 on a quiet machine: image-to-image at 512^2 and 1024^2 with the NiT-XL shape (depth 28)
# and the DC-AE f32c32, random weights, fp32 CPU, 2 intra-op threads. Per size (one JVM each, so
# each peak RSS is its own): encode and decode measured end to end through the pipeline (at the
# default memory budget; the table says whether either ran in tiles), ms per CFG sampling step
# (the mean of 2 steps after one untimed), and the total COMPOSED for the default strength 0.6 of
# the 50-step ODE (30 guided steps): encode + 30 x step + decode. Fills docs/performance.md.
#
# Run time, from the last quiet numbers (encode 14 s and decode 20 s at 512^2, x4 at 1024^2; a CFG
# step 3.3 s at 512^2 and 15 s at 1024^2): ~1.5 min for 512^2 and ~4.5 min for 1024^2, ~6 min total.
# Needs: target/nit-cli.jar (built here if missing). DEPTH=1 SIZES="64 128" is a quick smoke run.
set -uo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:-target/quiet-img2img}
THREADS=${THREADS:-2}
DEPTH=${DEPTH:-28}
SIZES=${SIZES:-512 1024}
mkdir -p "$OUT"
[ -f target/nit-cli.jar ] || mvn -B -ntp -o -q package -DskipTests || exit 1

status=0
header=yes
for px in $SIZES; do
    # the NiT table of `bench` is skipped in effect (32^2, one token); the image-to-image rows follow
    OMP_NUM_THREADS=$THREADS java -Dai.djl.pytorch.num_threads="$THREADS" -jar target/nit-cli.jar bench \
        --device cpu --precision fp32 --depth "$DEPTH" --sizes 32 --batches 1 --repeat 1 --executors eager \
        --decode-sizes 0 --img2img-sizes "$px" --json "$OUT/img2img-$px.json" \
        >"$OUT/img2img-$px.out" 2>"$OUT/img2img-$px.err"
    rc=$?
    if [ $header = yes ] && grep -q '^image-to-image' "$OUT/img2img-$px.out"; then
        sed -n '/^image-to-image/,/^|---/p' "$OUT/img2img-$px.out"
        header=no
    fi
    grep '^| [0-9]*^2 ' "$OUT/img2img-$px.out" | tail -n 1 | grep -v '^| 32^2 ' || true
    if [ $rc -gt 128 ]; then
        echo "img2img $px^2: killed by signal $((rc - 128)) (9 = SIGKILL: the kernel's OOM killer? see dmesg);" \
            "last phase: $(grep 'nit: bench: ' "$OUT/img2img-$px.err" | tail -n 1)" >&2
        status=1
    elif [ $rc -ne 0 ]; then
        echo "img2img $px^2: exit $rc: $(grep -v '^SLF4J' "$OUT/img2img-$px.err" | tail -n 2)" >&2
        status=1
    fi
done
exit $status
