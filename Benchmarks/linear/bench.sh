#!/usr/bin/env bash
# The linear-model benchmarks of issue 5, side by side with scikit-learn:
#   1. whole process: `sluice run` of a pipeline that loads the Arrow file and fits one
#      model (OLS, ridge, logistic), against python reading the same file and fitting;
#   2. fit alone, the matrix in memory: SluiceLinear against scikit-learn;
#   3. predict throughput through LoadedModel (the model capability, across the C protocol),
#      single rows and batches of 1,000.
# Usage, from the package root: bash Benchmarks/linear/bench.sh [ROWS] [REPEATS]
# Needs .venv (scripts/install-deps.sh). Results are recorded in Benchmarks/README.md.
set -euo pipefail
ROWS=${1:-1000000}
REPEATS=${2:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${SLUICE_PYTHON:-$ROOT/.venv/bin/python}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/sluice-linear-bench.XXXXXX)}
mkdir -p "$WORK"
cd "$ROOT"
swift build -c release --product sluice >/dev/null
swift build -c release --product SluicePluginLinear >/dev/null
swift build -c release --product SluicePluginCSV >/dev/null
swift build -c release --product sluice-linear-bench >/dev/null
BIN=$ROOT/.build/release

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
[ -f "$WORK/data.arrow" ] || "$PY" "$ROOT/Benchmarks/linear/gen_data.py" "$WORK/data.arrow" "$ROWS"

# 1. Whole process: a fresh project per model, cache off, timed from outside.
FEATURES=$(seq -s, 0 19 | sed 's/\([0-9]*\)/x\1/g')
for model in ols ridge logistic; do
  stage=$([ $model = ols ] && echo linear || echo $model)
  target=$([ $model = logistic ] && echo label || echo y)
  project="$WORK/project-$model"
  mkdir -p "$project"
  cat > "$project/sluice.yaml" <<YAML
version: 1
name: bench-$model
stages:
  load: {uses: sluice.csv/load, with: {path: $WORK/data.arrow}}
  fit: {uses: sluice.linear/$stage, needs: [load], cache: false, with: {target: $target, features: [$FEATURES]}}
YAML
  times=()
  for _ in $(seq "$REPEATS"); do
    start=$(date +%s.%N)
    (cd "$project" && "$BIN/sluice" run --quiet --force >/dev/null)
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  done
  echo "{\"what\": \"sluice-process\", \"model\": \"$model\", \"runs\": [$(IFS=,; echo "${times[*]}")]}"
  times=()
  for _ in $(seq "$REPEATS"); do
    start=$(date +%s.%N)
    "$PY" "$ROOT/Benchmarks/linear/sklearn_bench.py" "$WORK/data.arrow" 1 "process-$model"
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  done
  echo "{\"what\": \"sklearn-process\", \"model\": \"$model\", \"runs\": [$(IFS=,; echo "${times[*]}")]}"
done

# 2. Fit alone.
"$BIN/sluice-linear-bench" fit "$WORK/data.arrow" "$REPEATS"
"$PY" "$ROOT/Benchmarks/linear/sklearn_bench.py" "$WORK/data.arrow" "$REPEATS" fit

# 3. Predict throughput across the protocol.
"$BIN/sluice-linear-bench" predict "$WORK/data.arrow" 5
