#!/usr/bin/env bash
# Makes the DVC counterpart of the Sluice chain: a committed git+dvc repo whose dvc.yaml
# holds N stages, stage i = `cmd: cp s{i-1}.txt s{i}.txt`, deps [s{i-1}.txt],
# outs [s{i}.txt]; s0.txt is a 15-byte git-tracked file. Never reproduced, empty cache.
# (The recipe of the peer baselines, /work/shared/peer-baselines.md, P1.)
#
#   make_dvc_chain.sh DIR N        (needs `dvc` and `git` on PATH)
#
# DVC's site cache is kept inside the repo (.dvc-site-cache, git-ignored) so that
# "a fresh repo" really starts with no hash state from an earlier run.
set -euo pipefail
dir=$1 n=$2
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
git init -q .
git config user.name bench && git config user.email bench@localhost
dvc init -q
dvc config core.analytics false
dvc config core.check_update false
dvc config core.site_cache_dir "$PWD/.dvc-site-cache"
printf 'bench chain s0\n' > s0.txt
echo ".dvc-site-cache/" >> .gitignore
{
  echo "stages:"
  for ((i = 1; i <= n; i++)); do
    echo "  s$i:"
    echo "    cmd: cp s$((i - 1)).txt s$i.txt"
    echo "    deps: [s$((i - 1)).txt]"
    echo "    outs: [s$i.txt]"
  done
} > dvc.yaml
git add -A
git commit -q -m "chain of $n cp stages"
