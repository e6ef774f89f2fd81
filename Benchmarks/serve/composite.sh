#!/usr/bin/env bash
# What an inference pipeline costs when served (issue 15): `sluice serve` of a model
# trained after three fitted transforms (impute -> one_hot -> standardize -> ridge, fed
# raw rows) against the bare ridge model of the same features (fed the numbers it reads),
# 1-row and 100-row /invocations requests, wrk on loopback. Goal: the inference pipeline
# costs under 20 % more per row. Both servers run at once; the models alternate run by run.
#
#   Benchmarks/serve/composite.sh
#
# Settings (environment): BENCH_DURATION (10s), BENCH_RUNS (3), BENCH_CONNECTIONS ("32"),
# BENCH_WORK (/tmp/sluice-composite-bench), SLUICE_BIN (a release-built sluice; default:
# build one). Results: one JSON line per wrk run in $BENCH_WORK/results.jsonl and a
# Markdown table of medians (summarize.py). Needs wrk and the project's .venv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_WORK:-/tmp/sluice-composite-bench}"
duration="${BENCH_DURATION:-10s}"
runs="${BENCH_RUNS:-3}"
connections="${BENCH_CONNECTIONS:-32}"
results="$work/results.jsonl"
command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install wrk" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work/data"
: > "$results"

sluice="${SLUICE_BIN:-}"
if [ -z "$sluice" ]; then
  (cd "$root" && swift build -c release --product sluice >/dev/null)
  sluice="$(cd "$root" && swift build -c release --show-bin-path)/sluice"
fi

# 10,000 seeded rows: f0..f19 numbers, c a text column of three classes, y the target;
# request bodies with the raw columns (pipeline) and with f0..f19 only (bare model).
"$root/.venv/bin/python" - "$work" <<'PY'
import json, sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(7)
X = rng.standard_normal((10_000, 20)) * 3 + 5
c = rng.choice(["red", "green", "blue"], 10_000)
y = X @ rng.uniform(-2, 2, 20) + (c == "red") * 1.5 + rng.standard_normal(10_000)
names = [f"f{j}" for j in range(20)]
with open(f"{out}/data/train.csv", "w") as f:
    f.write(",".join(names + ["c", "y"]) + "\n")
    for i in range(10_000):
        f.write(",".join(f"{v:.6f}" for v in X[i]) + f",{c[i]},{y[i]:.6f}\n")
for rows in (1, 100):
    data = (np.round(rng.standard_normal((rows, 20)) * 3 + 5, 6)).tolist()
    colours = rng.choice(["red", "green", "blue"], rows).tolist()
    with open(f"{out}/bare_{rows}.json", "w") as f:
        json.dump({"dataframe_split": {"columns": names, "data": data}}, f)
    with open(f"{out}/pipeline_{rows}.json", "w") as f:
        json.dump({"dataframe_split": {"columns": names + ["c"], "data": [r + [k] for r, k in zip(data, colours)]}}, f)
PY
features="$(printf 'f%d, ' $(seq 0 19) | sed 's/, $//')"
cat > "$work/sluice.yaml" <<YAML
version: 1
stages:
  load: {uses: sluice.csv/load, with: {path: data/train.csv, target: y}}
  fill: {uses: sluice.transforms/impute, needs: {train: load.data}, with: {columns: [f0]}}
  encode: {uses: sluice.transforms/one_hot, needs: {train: fill.train}, with: {columns: [c]}}
  scale: {uses: sluice.transforms/standardize, needs: {train: encode.train}, with: {columns: [$features]}}
  pipeline: {uses: sluice.linear/ridge, needs: {train: scale.train}}
  bare: {uses: sluice.linear/ridge, needs: {train: load.data}, with: {features: [$features]}}
  register_pipeline: {uses: sluice.deploy/register, needs: {model: pipeline.model}, with: {name: pipeline}}
  register_bare: {uses: sluice.deploy/register, needs: {model: bare.model}, with: {name: bare}}
YAML
(cd "$work" && "$sluice" run --quiet)

# Both servers run at once and the models alternate run by run, so that a load changing
# during the session (the machine is shared) weighs on both alike.
declare -A url pid
for model in bare pipeline; do
  log="$work/$model.out"
  (cd "$work" && exec "$sluice" serve --model "$model" --port 0 --log-sample 0 >"$log" 2>"$work/$model.err") &
  pid[$model]=$!
  for _ in $(seq 100); do grep -q "http://" "$log" && break; sleep 0.1; done
  port="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 | cut -d: -f3)"
  [ -n "$port" ] || { cat "$work/$model.err" >&2; kill "${pid[@]}"; exit 1; }
  url[$model]="http://127.0.0.1:$port/invocations"
  curl -sf -X POST -H 'Content-Type: application/json' --data @"$work/${model}_1.json" "${url[$model]}" >/dev/null \
    || { echo "error: the $model server did not answer" >&2; kill "${pid[@]}"; exit 1; }
done
for rows in 1 100; do
  for c in $connections; do
    threads=$((c < 2 ? 1 : 2))
    for model in bare pipeline; do
      WRK_BODY="$work/${model}_$rows.json" wrk -t"$threads" -c"$c" -d3s -s "$here/post_json.lua" "${url[$model]}" >/dev/null
    done
    for run in $(seq "$runs"); do
      for model in bare pipeline; do
        load="$(cut -d' ' -f1-3 /proc/loadavg)"
        line="$(WRK_BODY="$work/${model}_$rows.json" wrk -t"$threads" -c"$c" -d"$duration" -s "$here/post_json.lua" "${url[$model]}" | tail -n 1)"
        echo "{\"server\":\"sluice serve ($model)\",\"rows\":$rows,\"connections\":$c,\"run\":$run,\"load\":\"$load\",\"date\":\"$(date -u +%FT%TZ)\",\"wrk\":$line}" | tee -a "$results"
      done
    done
  done
done
for model in bare pipeline; do kill -TERM "${pid[$model]}"; wait "${pid[$model]}" || true; done
"$root/.venv/bin/python" "$here/summarize.py" "$results"
