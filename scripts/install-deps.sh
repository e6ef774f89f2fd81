#!/usr/bin/env bash
# Installs what building and testing Sluice needs on Debian/Ubuntu, and nothing that
# is already there. Safe to run again. Called by `make build` and `make test`.
set -euo pipefail

# A C compiler builds the built-in C plugin and the test fixture plugins; SQLite
# holds the run store (GRDB links the system library); libzstd and liblz4 decode and
# encode compressed Arrow IPC buffers (SluiceCompression links them); LightGBM's wheel,
# a test oracle for the ONNX interpreter, loads libgomp1 (OpenMP).
apt_packages=(gcc libc6-dev make libsqlite3-dev libzstd-dev liblz4-dev libgomp1)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

command -v swift >/dev/null || { echo "error: the Swift toolchain (swift 6.x) is not on PATH; install it from swift.org first" >&2; exit 1; }

# Python 3 with pyarrow, pandas, scikit-learn and scipy, in a venv at .venv/: the Arrow
# interop tests, the linear models' scikit-learn reference tests and the example
# pipeline use them. The interop tests check
# that files Sluice writes open in pyarrow and pandas, and that files they write open in
# Sluice. A venv keeps the system Python untouched and works where pip refuses to
# install into it (PEP 668).
#
# The ONNX interpreter's agreement tests (Tests/SluiceONNXTests) use the packages
# below as test oracles: they train models with scikit-learn, XGBoost and LightGBM,
# convert them with skl2onnx and onnxmltools (both built on onnx), and compare
# Sluice's outputs with onnxruntime's. They are pinned so that the converted graphs,
# and with them the operators and attributes the tests exercise, change only when we
# choose.
onnx_packages=(
  onnx==1.23.2          # reads and writes the model files the converters produce
  onnxruntime==1.32.0   # the reference interpreter the tests agree with
  skl2onnx==1.20.0      # converts the scikit-learn models and pipelines
  onnxmltools==1.16.0   # converts the XGBoost and LightGBM models
  xgboost==3.2.0        # gradient-boosted trees in XGBoost's layout
  lightgbm==4.7.0       # gradient-boosted trees in LightGBM's layout (needs libgomp1)
)
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo_root/.venv"
python_ready() {
  "$venv/bin/python" - "${onnx_packages[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import pyarrow, pandas, sklearn, scipy, onnx, onnxruntime, skl2onnx, onnxmltools, xgboost, lightgbm
# The pinned packages must be at their pinned versions, not merely importable.
for pin in sys.argv[1:]:
    name, wanted = pin.split("==")
    if version(name) != wanted:
        sys.exit(1)
PY
}
if ! python_ready; then
  if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    echo "installing: python3 python3-venv python3-pip"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3 python3-venv python3-pip
  fi
  # A venv whose interpreter no longer runs (Python was upgraded) is made afresh.
  "$venv/bin/python" -c "pass" 2>/dev/null || python3 -m venv --clear "$venv"
  echo "installing pyarrow, pandas, scikit-learn, scipy and ${onnx_packages[*]} into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    pyarrow pandas scikit-learn scipy "${onnx_packages[@]}"
fi
