#!/bin/bash
# A Slurm array job: 8 disjoint shards of one job file, one shard per array task, on GPU nodes.
# Submit with:  sbatch examples/batch/slurm-array.sh
# Re-submitting the same script after a crash or pre-emption skips every image already done.
#SBATCH --job-name=nit-batch
#SBATCH --array=0-7
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=4
#SBATCH --mem=16G
#SBATCH --time=12:00:00
set -euo pipefail
JOB=${JOB:-examples/batch/dogs-and-cats.json}
OUT=${OUT:-/shared/nit-datasets/dogs-and-cats}
# models on a shared, read-only path are fine: nothing is written there
export NIT_MODELS_DIR=${NIT_MODELS_DIR:-/shared/nit-models}
java -jar target/nit-cli.jar batch "$JOB" --out "$OUT" \
    --shard "$((SLURM_ARRAY_TASK_ID + 1))/${SLURM_ARRAY_TASK_COUNT}" --device auto
# after all array tasks: java -jar target/nit-cli.jar batch merge "$JOB" --out "$OUT"
