"""The plain scipy/numpy loop over the drift data (issue 8), timed in-process.

Per column: scipy.stats.ks_2samp (defaults) and a numpy PSI with Sluice's binning rule
(edges: the reference's deciles by np.quantile, deduplicated; a value on an edge falls in
the bin below, np.searchsorted side="left"; shares floored at 1e-4). Loading is not timed.
Prints one JSON object per benchmark row, and the per-column results for cross-checking.

Usage: python peers_scipy.py DATA_DIR RUNS
"""
import json
import sys
import time

import numpy as np
import pyarrow.feather as feather
import scipy
from scipy import stats


def psi(ref, cur, bins=10, floor=1e-4):
    edges = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1) / len(cur)
    r, c = np.maximum(r, floor), np.maximum(c, floor)
    return float(np.sum((c - r) * np.log(c / r)))


def timed(label, command, body, runs):
    body()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = body()
        samples.append(time.perf_counter() - start)
    return {"tool": "scipy/numpy", "benchmark": label, "command": command, "samples": samples,
            "median": float(np.median(samples)), "load": open("/proc/loadavg").read().split()[:3]}, result


def main():
    data, runs = sys.argv[1], int(sys.argv[2])
    ref = feather.read_table(f"{data}/reference_100k_x20.arrow").to_pandas().to_numpy()
    cur = feather.read_table(f"{data}/current_100k_x20.arrow").to_pandas().to_numpy()
    columns = range(ref.shape[1])
    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__}

    ks_row, ks = timed("scipy ks_2samp x 20 columns", "[scipy.stats.ks_2samp(ref[:, j], cur[:, j]) for j in range(20)]",
                       lambda: [stats.ks_2samp(ref[:, j], cur[:, j]) for j in columns], runs)
    psi_row, psis = timed("numpy PSI, 10 quantile bins x 20 columns", "[psi(ref[:, j], cur[:, j]) for j in range(20)]",
                          lambda: [psi(ref[:, j], cur[:, j]) for j in columns], runs)
    both_row, _ = timed("scipy KS + numpy PSI x 20 columns", "both loops above, one pass",
                        lambda: [(stats.ks_2samp(ref[:, j], cur[:, j]), psi(ref[:, j], cur[:, j])) for j in columns], runs)
    for row in (ks_row, psi_row, both_row):
        row["versions"] = versions
        print(json.dumps(row))
    print(json.dumps({"tool": "scipy/numpy", "results": {
        f"f{j}": {"ks_statistic": float(ks[j].statistic), "ks_pvalue": float(ks[j].pvalue), "psi": psis[j]} for j in columns}}))


if __name__ == "__main__":
    main()
