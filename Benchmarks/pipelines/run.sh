#!/usr/bin/env bash
# Pipeline benchmarks (issue 3): Sluice beside DVC and MLflow. Reproduces every figure of
# "Pipelines (issue 3)" in Benchmarks/README.md. Takes ~10 minutes with the peers
# (three first `dvc repro` runs of 200 stages and three runs of 10,000 mlflow.log_metric
# calls are most of it), ~2 minutes without.
#
#   Benchmarks/pipelines/run.sh
#
# Environment:
#   SKIP_PEERS=1      no DVC / MLflow (no venv, no network needed)
#   SKIP_BUILD=1      use the existing .build/release
#   SLUICE=PATH       the sluice binary to measure (default .build/release/sluice; implies SKIP_BUILD)
#   ONLY=startup|pipelines|metrics    one workload
#   ROUNDS=10  DVC_ROUNDS=3  MLFLOW_ROUNDS=3    samples per case
#   WORK=/tmp/sluice-bench-pipelines          generated projects and repos
#   PEERS_VENV=/tmp/sluice-bench-peers-venv   venv with dvc==3.67.1 mlflow==3.17.2 (made if missing)
#   NO_UNSHARE=1      do not run the benchmarks in a private network namespace
# Results: Benchmarks/pipelines/results/<UTC date>/{samples.jsonl,tables.md,environment.json}
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/Benchmarks/pipelines
work=${WORK:-/tmp/sluice-bench-pipelines}
venv=${PEERS_VENV:-/tmp/sluice-bench-peers-venv}
cd "$root"

if [[ -z ${SKIP_BUILD:-} && -z ${SLUICE:-} ]]; then swift build -c release; fi
mkdir -p "$work"
cc -O2 -Wall -Wextra -Werror=implicit-function-declaration -shared -fPIC \
  -I Sources/CSluiceABI/include "$here/bench_plugin.c" -o "$work/libbench.so"

peers=()
if [[ -z ${SKIP_PEERS:-} ]]; then
  if [[ ! -x $venv/bin/dvc || ! -x $venv/bin/mlflow ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q dvc==3.67.1 mlflow==3.17.2
  fi
  command -v git >/dev/null || { echo "the DVC benchmark needs git" >&2; exit 1; }
  peers=(--peers "$venv/bin")
fi

results=$here/results/$(date -u +%Y%m%d-%H%M%S)
args=(--sluice "${SLUICE:-$root/.build/release/sluice}" --plugin "$work/libbench.so" --work "$work" --results "$results"
      --rounds "${ROUNDS:-10}" --dvc-rounds "${DVC_ROUNDS:-3}" --mlflow-rounds "${MLFLOW_ROUNDS:-3}" "${peers[@]}")
[[ -n ${ONLY:-} ]] && args+=(--only "$ONLY")
# No telemetry or update checks from the peers, and no packet leaves the machine.
export DVC_NO_ANALYTICS=1 MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=1
# Loopback is brought up in there: older sluice builds ran `git` through Foundation's
# Process, which needs a socket pair on it and could hang for ever without one.
net=()
if [[ -z ${NO_UNSHARE:-} ]] && unshare --net sh -c 'ip link set lo up' 2>/dev/null; then
  net=(unshare --net sh -c 'ip link set lo up && exec "$@"' sh)
fi
"${net[@]}" python3 "$here/bench.py" "${args[@]}"
echo "results: $results"
