#!/usr/bin/env bash
# Installs what building and testing Sluice needs on Debian/Ubuntu, and nothing that
# is already there. Safe to run again. Called by `make build` and `make test`.
set -euo pipefail

# A C compiler builds the built-in C plugin and the test fixture plugins; SQLite
# holds the run store (GRDB links the system library); libzstd and liblz4 decode and
# encode compressed Arrow IPC buffers (SluiceCompression links them).
apt_packages=(gcc libc6-dev make libsqlite3-dev libzstd-dev liblz4-dev)

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
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo_root/.venv"
if ! "$venv/bin/python" -c "import pyarrow, pandas, sklearn, scipy" 2>/dev/null; then
  if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    echo "installing: python3 python3-venv python3-pip"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3 python3-venv python3-pip
  fi
  # A venv whose interpreter no longer runs (Python was upgraded) is made afresh.
  "$venv/bin/python" -c "pass" 2>/dev/null || python3 -m venv --clear "$venv"
  echo "installing pyarrow, pandas, scikit-learn and scipy into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pyarrow pandas scikit-learn scipy
fi
