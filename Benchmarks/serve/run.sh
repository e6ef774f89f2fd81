#!/usr/bin/env bash
# Serving benchmark (issue 7): requests/s and p50/p99 latency of `sluice serve` for
# 1-row and 100-row requests at several concurrency levels, driven by wrk on loopback,
# and of `mlflow models serve` on the same fitted model when BENCH_MLFLOW=1.
#
#   Benchmarks/serve/run.sh                    # sluice only
#   BENCH_MLFLOW=1 Benchmarks/serve/run.sh     # and MLflow (makes a venv with mlflow)
#
# Settings (environment): BENCH_DURATION (10s), BENCH_RUNS (3), BENCH_CONNECTIONS
# ("1 8 32"), BENCH_WORK (/tmp/sluice-serve-bench), BENCH_MLFLOW_WORKERS (1),
# BENCH_ISOLATION ("none"; "none process" also serves the model from a worker process),
# SLUICE_BIN (a release-built sluice; default: build one).
# Results: one JSON line per wrk run in $BENCH_WORK/results.jsonl, then a Markdown
# table of medians (summarize.py). Needs wrk (apt-get install wrk), a C compiler and
# the project's .venv (scripts/install-deps.sh) for numpy and scikit-learn.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_WORK:-/tmp/sluice-serve-bench}"
duration="${BENCH_DURATION:-10s}"
runs="${BENCH_RUNS:-3}"
connections="${BENCH_CONNECTIONS:-1 8 32}"
mlflow_workers="${BENCH_MLFLOW_WORKERS:-1}"
results="$work/results.jsonl"

command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p "$work/plugins"
: > "$results"

python="$root/.venv/bin/python"
if [ "${BENCH_MLFLOW:-0}" = 1 ]; then
  # MLflow in a venv of its own, so its pins never touch the project's.
  python="$work/mlflow-venv/bin/python"
  if ! "$python" -c "import mlflow, sklearn" 2>/dev/null; then
    python3 -m venv "$work/mlflow-venv"
    "$python" -m pip install --quiet --disable-pip-version-check mlflow scikit-learn pandas
  fi
fi
"$python" "$here/make_data.py" "$work"

# SLUICE_BIN: an already built release `sluice` (else it is built here).
sluice="${SLUICE_BIN:-}"
if [ -z "$sluice" ]; then
  echo "building sluice (release)"
  (cd "$root" && swift build -c release --product sluice >/dev/null)
  sluice="$(cd "$root" && swift build -c release --show-bin-path)/sluice"
fi
# The model plugin: the C fixture's linear model (see Tests/SluiceTestSupport/Fixtures).
cc -std=c99 -O2 -shared -fPIC -DFIXTURE_WITH_MODEL '-DFIXTURE_ID="fixture.model"' -DFIXTURE_KIND=SLUICE_STAGE_TRAINER \
  -I "$root/Sources/CSluiceABI/include" "$root/Tests/SluiceTestSupport/Fixtures/fixture_plugin.c" \
  -o "$work/plugins/libfixture_model.so"

# Runs wrk over every body and connection count against $1 (a URL), labelled $2.
measure() {
  local url="$1" server="$2"
  for rows in 1 100; do
    for c in $connections; do
      local threads=$((c < 2 ? 1 : 2))
      WRK_BODY="$work/body_$rows.json" wrk -t"$threads" -c"$c" -d3s -s "$here/post_json.lua" "$url" >/dev/null
      for run in $(seq "$runs"); do
        local load line
        load="$(cut -d' ' -f1-3 /proc/loadavg)"
        line="$(WRK_BODY="$work/body_$rows.json" wrk -t"$threads" -c"$c" -d"$duration" -s "$here/post_json.lua" "$url" | tail -n 1)"
        echo "{\"server\":\"$server\",\"rows\":$rows,\"connections\":$c,\"run\":$run,\"load\":\"$load\",\"date\":\"$(date -u +%FT%TZ)\",\"wrk\":$line}" | tee -a "$results"
      done
    done
  done
}

# sluice serve, with the model in this process and/or in a worker (--isolation process)
for isolation in ${BENCH_ISOLATION:-none}; do
  log="$work/sluice-serve.out"
  "$sluice" serve --model-file "$work/model.json" --name bench --port 0 --plugin-path "$work/plugins" \
    --project "$work" --log-sample 1 --isolation "$isolation" >"$log" 2>"$work/sluice-serve.err" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 100); do grep -q "http://" "$log" && break; sleep 0.1; done
  port="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 | cut -d: -f3)"
  [ -n "$port" ] || { cat "$work/sluice-serve.err" >&2; exit 1; }
  curl -sf -X POST -H 'Content-Type: application/json' --data @"$work/body_1.json" "http://127.0.0.1:$port/invocations" >/dev/null \
    || { echo "error: sluice serve did not answer" >&2; exit 1; }
  label="sluice serve"
  [ "$isolation" = process ] && label="sluice serve, model in a worker"
  measure "http://127.0.0.1:$port/invocations" "$label"
  kill -TERM "$pid"; wait "$pid" || true
done

if [ "${BENCH_MLFLOW:-0}" = 1 ]; then
  # mlflow starts uvicorn by name: the venv's bin/ goes first on PATH.
  mlflow="$(dirname "$python")/mlflow"
  PATH="$(dirname "$python"):$PATH" MLFLOW_DISABLE_TELEMETRY=true "$mlflow" models serve -m "$work/mlflow_model" --env-manager local -h 127.0.0.1 -p 5055 \
    --workers "$mlflow_workers" >"$work/mlflow.out" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -sf http://127.0.0.1:5055/ping >/dev/null && break; sleep 0.2; done
  measure "http://127.0.0.1:5055/invocations" "mlflow models serve (workers $mlflow_workers)"
  pkill -TERM -P "$pid" || true
  kill -TERM "$pid"; wait "$pid" || true
fi

"$root/.venv/bin/python" "$here/summarize.py" "$results"
