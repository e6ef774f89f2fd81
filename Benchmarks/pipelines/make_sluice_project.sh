#!/usr/bin/env bash
# Makes a Sluice project folder for the pipeline benchmarks.
#
#   make_sluice_project.sh DIR SHAPE N PLUGIN_SO
#
# SHAPE: chain   s1 <- s2 <- ... <- sN (stage i needs stage i-1)
#        fanout  s1 <- s2..sN         (one root, N-1 stages needing it)
#        metricsK one stage logging K metric values (N is ignored), e.g. metrics100000
# Stages are `sluice.bench/copy` (a stage that copies its 15-byte input to its output,
# the counterpart of DVC's `cp` stage) or `sluice.bench/metrics`. Each copy stage has
# its own `label` (ignored by the stage), hence its own fingerprint: a first run runs
# every stage, as `dvc repro` does, instead of reusing stage 2's identical output. PLUGIN_SO (the built
# bench plugin) is copied into DIR/plugins/. The folder is replaced if it exists.
set -euo pipefail
dir=$1 shape=$2 n=$3 plugin=$4
rm -rf "$dir"
mkdir -p "$dir/plugins"
cp "$plugin" "$dir/plugins/libbench.so"
{
  echo "version: 1"
  echo "name: $shape-$n"
  echo "stages:"
  case $shape in
    chain)
      echo "  s1: {uses: sluice.bench/copy, with: {label: s1}}"
      for ((i = 2; i <= n; i++)); do echo "  s$i: {uses: sluice.bench/copy, needs: [s$((i - 1))], with: {label: s$i}}"; done ;;
    fanout)
      echo "  s1: {uses: sluice.bench/copy, with: {label: s1}}"
      for ((i = 2; i <= n; i++)); do echo "  s$i: {uses: sluice.bench/copy, needs: [s1], with: {label: s$i}}"; done ;;
    metrics*)
      # cache: false, or a rerun would reuse the first run and log nothing.
      echo "  log: {uses: sluice.bench/metrics, cache: false, with: {count: ${shape#metrics}, name: loss}}" ;;
    *) echo "unknown shape $shape" >&2; exit 2 ;;
  esac
} > "$dir/sluice.yaml"
