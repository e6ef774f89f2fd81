#!/usr/bin/env bash
# Decode throughput of Arrow IPC buffer compression: SluiceCompression (libzstd, liblz4)
# beside pyarrow on the same buffers, and optionally the hand-written decoders it
# replaces. Prints a Markdown table; see README.md. Needs no network: the harness is
# built with swiftc against the system libzstd and liblz4 only.
#
#   Benchmarks/compression/run.sh [RUNS]      (from anywhere; default 7 runs per figure)
#
# Environment:
#   SLUICE_PYTHON  a Python with pyarrow and numpy (default: the package's .venv/bin/python)
#   WORK           buffers, binaries and results (default /tmp/sluice-compression-bench)
#   BEFORE=1       also measure the decoders of commit 6478f6c, copied out of git into $WORK/before
#   OPT=-Onone     build both harnesses unoptimised, as `swift build` (debug) builds Sluice
#                  (default -O; results then go to $WORK/results-Onone)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/Benchmarks/compression
python=${SLUICE_PYTHON:-$root/.venv/bin/python}
work=${WORK:-/tmp/sluice-compression-bench}
runs=${1:-7}
opt=${OPT:--O}
results=$work/results${OPT:+-${opt#-}}
mkdir -p "$results"
cd "$root"

"$python" "$here/make_data.py" "$work/data" >&2

echo "building the after harness" >&2
swiftc "$opt" -package-name sluice -module-name CompressionBench -I Sources/CZstd -I Sources/CLZ4 \
  Sources/SluiceCompression/*.swift "$here"/CodecBench/*.swift -o "$work/after-bench$opt"

if [[ ${BEFORE:-} == 1 ]]; then
  commit=6478f6c
  mkdir -p "$work/before/src"
  rm -f "$work/before/src/"*.swift
  for file in ZSTDFrameDecoder ZSTDFrame+Sequences ZSTDSequenceTables FSETable HuffmanTable BackwardBitReader \
    LZ4FrameDecoder LZ4BlockDecoder XXHash32 XXHash64 DecompressionProblem; do
    git -C "$root" show "$commit:Sources/SluiceCore/Arrow/IPC/$file.swift" >"$work/before/src/$file.swift"
  done
  echo "building the before harness from $commit" >&2
  swiftc "$opt" -module-name BeforeBench "$work/before/src/"*.swift "$here/CodecBench/Harness.swift" "$here/BeforeBench/main.swift" \
    -o "$work/before-bench$opt"
  "$work/before-bench$opt" "$work/data" "$runs" | tee "$results/before.tsv" >&2
fi

"$work/after-bench$opt" "$work/data" "$runs" | tee "$results/after.tsv" >&2
"$python" "$here/pyarrow_bench.py" "$work/data" "$runs" | tee "$results/pyarrow.tsv" >&2
"$work/after-bench$opt" "$work/data" "$runs" contexts | tee "$results/contexts.tsv" >&2

echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $(swift --version 2>&1 | head -1) ($opt); libzstd $(pkg-config --modversion libzstd), liblz4 $(pkg-config --modversion liblz4); $("$python" -c 'import sys, pyarrow; print(f"python {sys.version.split()[0]}, pyarrow {pyarrow.__version__}")')"
"$python" "$here/table.py" "$results" "$work/data/manifest.tsv"
