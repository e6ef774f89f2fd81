#!/usr/bin/env bash
# Installs what building and testing Sluice needs on Debian/Ubuntu, and nothing that
# is already there. Safe to run again. Called by `make build` and `make test`.
set -euo pipefail

# A C compiler builds the built-in C plugin and the test fixture plugins; SQLite
# holds the run store (GRDB links the system library).
apt_packages=(gcc libc6-dev make libsqlite3-dev)

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

# Python with scikit-learn, in .venv/ at the package root: the linear-model tests compare
# against scikit-learn's fits on its bundled datasets (Tests/SluiceTestSupport/Fixtures/linear).
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$repo_root/.venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv"
  command -v python3 >/dev/null || { echo "error: python3 is needed for the linear-model tests (apt-get install python3 python3-venv)" >&2; exit 1; }
  if ! python3 -m venv "$venv"; then
    # Debian's own python3 keeps venv (ensurepip) in a separate package.
    rm -rf "$venv"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3-venv
    python3 -m venv "$venv" || { echo "error: could not create $venv with python3 -m venv" >&2; exit 1; }
  fi
fi
if ! "$venv/bin/python" -c "import sklearn, numpy, scipy, pandas" 2>/dev/null; then
  echo "installing scikit-learn, numpy, scipy and pandas into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check scikit-learn numpy scipy pandas
fi

command -v swift >/dev/null || { echo "error: the Swift toolchain (swift 6.x) is not on PATH; install it from swift.org first" >&2; exit 1; }
