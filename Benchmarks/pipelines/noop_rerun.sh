#!/usr/bin/env bash
# Issue 6's goal: a no-op rerun (nothing changed, every stage reused) of chains of 10, 50
# and 200 trivial stages, whole process, beside `dvc repro` with nothing changed on the
# same chains. Also the fixed costs it is made of (start-up, plugin discovery, loading
# and checking the pipeline). Prints a markdown table of medians (min – max).
#
#   Benchmarks/pipelines/noop_rerun.sh
#
# Environment: SLUICE=PATH (default .build/release/sluice, built if missing), ROUNDS=31,
# DVC_ROUNDS=5, SKIP_PEERS=1 (no DVC), PEERS_VENV (a venv with dvc, see run.sh),
# WORK=/tmp/sluice-bench-noop.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/Benchmarks/pipelines
sluice=${SLUICE:-$root/.build/release/sluice}
work=${WORK:-/tmp/sluice-bench-noop}
venv=${PEERS_VENV:-/tmp/sluice-bench-peers-venv}
[[ -x $sluice ]] || (cd "$root" && swift build -c release --product sluice)
mkdir -p "$work"
cc -O2 -shared -fPIC -I "$root/Sources/CSluiceABI/include" "$here/bench_plugin.c" -o "$work/libbench.so"

for n in 10 50 200; do
  "$here/make_sluice_project.sh" "$work/sluice-$n" chain "$n" "$work/libbench.so"
  # A git repository, as a real project is (the run records its commit).
  (cd "$work/sluice-$n" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm init \
    && "$sluice" run --quiet >/dev/null && "$sluice" run --quiet >/dev/null)
  if [[ -z ${SKIP_PEERS:-} ]]; then
    PATH=$venv/bin:$PATH "$here/make_dvc_chain.sh" "$work/dvc-$n" "$n" >/dev/null
    (cd "$work/dvc-$n" && PATH=$venv/bin:$PATH dvc repro -q >/dev/null)
  fi
done

python3 - "$sluice" "$work" "${ROUNDS:-31}" "${DVC_ROUNDS:-5}" "${SKIP_PEERS:-}" "$venv" <<'PY'
import os, statistics, subprocess, sys, time
sluice, work, rounds, dvc_rounds, skip_peers, venv = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]

def measure(command, cwd, n, env=None):
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return f"{statistics.median(samples):.0f} ms ({min(samples):.0f} – {max(samples):.0f})"

print("| command | median (min – max) |")
print("|---|---|")
big = f"{work}/sluice-200"
print(f"| `sluice --version` (start-up) | {measure([sluice, '--version'], big, rounds)} |")
print(f"| `sluice plugins list` (+ loading every built-in plugin) | {measure([sluice, 'plugins', 'list'], big, rounds)} |")
print(f"| `sluice validate`, 200 stages (+ reading and checking the pipeline) | {measure([sluice, 'validate'], big, rounds)} |")
env = dict(os.environ, PATH=f"{venv}/bin:" + os.environ["PATH"])
for n in (10, 50, 200):
    print(f"| `sluice run --quiet`, no-op rerun, chain of {n} | **{measure([sluice, 'run', '--quiet'], f'{work}/sluice-{n}', rounds)}** |")
    if not skip_peers:
        print(f"| `dvc repro`, nothing changed, chain of {n} | {measure(['dvc', 'repro', '-q'], f'{work}/dvc-{n}', dvc_rounds, env)} |")
PY
