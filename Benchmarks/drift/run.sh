#!/usr/bin/env bash
# The drift benchmark (issue 8): Sluice's `drift` stage beside a plain scipy/numpy loop and
# Evidently's data drift report, on the same 100,000 x 20 reference and current tables.
# Builds sluice and the two plugins it uses in release mode, makes the data (once), makes
# a venv with Evidently for the bench only (once; Evidently 0.7 needs pandas < 3), and
# writes Benchmarks/drift/results/<UTC time>/samples.jsonl. See Benchmarks/README.md.
#
# Usage: bash Benchmarks/drift/run.sh   (from anywhere; RUNS=5 EVIDENTLY_RUNS=3 SKIP_BUILD=1 SKIP_EVIDENTLY=1)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/Benchmarks/drift"
work="${SLUICE_DRIFT_BENCH_DIR:-/tmp/sluice-drift-bench}"
runs="${RUNS:-5}"
evidently_runs="${EVIDENTLY_RUNS:-3}"
python="$root/.venv/bin/python"           # numpy, scipy, pyarrow, pandas: scripts/install-deps.sh
evidently_venv="$work/venv-evidently"
out="$here/results/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$work" "$out"

"$python" -c "import numpy, scipy, pyarrow, pandas" || { echo "run scripts/install-deps.sh first (.venv with scipy)" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && for product in sluice SluicePluginCSV SluicePluginDrift; do swift build -c release --product "$product" >&2; done)
fi
sluice="$root/.build/release/sluice"

"$python" "$here/gen_data.py" "$work/data"

# The pipeline: two loads of the Arrow files, then drift over every shared column.
project="$work/project"
mkdir -p "$project"
cat > "$project/sluice.yaml" <<YAML
version: 1
name: drift-bench
stages:
  reference: {uses: sluice.csv/load, with: {path: $work/data/reference_100k_x20.arrow}}
  current: {uses: sluice.csv/load, with: {path: $work/data/current_100k_x20.arrow}}
  drift:
    uses: sluice.drift/drift
    needs: {reference: reference.data, current: current.data}
    with: {fail_on_drift: false}
YAML

{
  echo "{\"machine\": \"$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB\", \"os\": \"$(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)\", \"swift\": \"$(swift --version 2>&1 | head -1)\", \"commit\": \"$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo -dirty)\", \"date\": \"$(date -u +%FT%TZ)\", \"uptime\": \"$(uptime)\"}"
} > "$out/environment.json"
cat "$out/environment.json" >&2

echo "scipy/numpy loop ($runs runs)" >&2
"$python" "$here/peers_scipy.py" "$work/data" "$runs" | tee "$out/scipy.jsonl" >&2
echo "sluice ($runs runs)" >&2
"$python" "$here/bench_sluice.py" "$sluice" "$project" "$runs" "$out/scipy.jsonl" | tee "$out/sluice.jsonl" >&2

if [ "${SKIP_EVIDENTLY:-0}" != 1 ]; then
  if ! "$evidently_venv/bin/python" -c "import evidently" 2>/dev/null; then
    python3 -m venv --clear "$evidently_venv"
    "$evidently_venv/bin/python" -m pip install --quiet --disable-pip-version-check "evidently==0.7.23" "pandas<3" pyarrow
  fi
  echo "evidently ($evidently_runs runs)" >&2
  "$evidently_venv/bin/python" "$here/peers_evidently.py" "$work/data" "$evidently_runs" | tee "$out/evidently.jsonl" >&2
fi
echo "uptime after: $(uptime)" | tee -a "$out/environment.json" >&2
cat "$out"/scipy.jsonl "$out"/sluice.jsonl "$out"/evidently.jsonl 2>/dev/null | "$python" "$here/summarize.py" | tee "$out/table.md"
