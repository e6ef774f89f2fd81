#!/usr/bin/env bash
# Fit alone, SluiceLinear beside scikit-learn, without a release build of the package:
# the numerics and fit_alone.swift are compiled with `swiftc -O` directly.
# Usage, from the package root: bash Benchmarks/linear/bench_fit_alone.sh DATA.arrow [REPEATS]
set -euo pipefail
DATA=$1
REPEATS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${SLUICE_PYTHON:-$ROOT/.venv/bin/python}
WORK=$(mktemp -d /tmp/sluice-fit-alone.XXXXXX)
"$PY" - "$DATA" "$WORK" <<'PY'
import sys, numpy as np, pyarrow.feather as f
t = f.read_table(sys.argv[1])
x = np.column_stack([t.column(f"x{j}").to_numpy() for j in range(20)])
np.asfortranarray(x).T.tofile(sys.argv[2] + "/x.bin")
t.column("y").to_numpy().tofile(sys.argv[2] + "/y.bin")
t.column("label").to_numpy().tofile(sys.argv[2] + "/label.bin")
PY
swiftc -O -wmo -module-name FitAlone "$ROOT"/Plugins/Linear/Numerics/*.swift "$ROOT/Benchmarks/linear/fit_alone.swift" -o "$WORK/fit_alone"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
"$WORK/fit_alone" "$WORK" "$REPEATS"
"$PY" "$ROOT/Benchmarks/linear/sklearn_bench.py" "$DATA" "$REPEATS" fit
rm -rf "$WORK"
