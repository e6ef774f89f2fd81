#!/usr/bin/env bash
# The CSV load benchmark: builds sluice in release mode, makes the two 1M-row files
# (once), installs pandas, pyarrow and polars in a venv under /tmp (once), and prints a
# Markdown table of sluice.csv/load beside the three peers. See Benchmarks/README.md.
#
# Usage: bash Benchmarks/csv/bench.sh [RUNS]   (from the package root; default 5 runs)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
runs="${1:-5}"
data="${SLUICE_CSV_BENCH_DATA:-/tmp/sluice-csv-bench}"
venv="${SLUICE_CSV_BENCH_VENV:-/tmp/sluice-csv-bench-venv}"

if ! "$venv/bin/python" -c "import pandas, pyarrow, polars" 2>/dev/null; then
  python3 -m venv --clear "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pandas pyarrow polars
fi
"$venv/bin/python" Benchmarks/csv/gen_data.py "$data" >&2

swift build -c release --product sluice >&2
swift build -c release --product SluicePluginCSV >&2

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "versions: $(swift --version 2>&1 | head -1); $("$venv/bin/python" -c 'import sys, pandas, pyarrow, polars; print(f"python {sys.version.split()[0]}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, polars {polars.__version__}")')" >&2
"$venv/bin/python" Benchmarks/csv/bench.py --data "$data" --sluice .build/release/sluice --runs "$runs"
