"""Evidently's data drift report over the drift data (issue 8), timed in-process.

Report([DataDriftPreset()]) with its default tests (for numeric columns with > 1,000 rows:
normed Wasserstein distance, threshold 0.1), then method="ks" and method="psi". Loading is
not timed; one warm-up, then RUNS timed runs. Prints one JSON object per benchmark row.

Usage: python peers_evidently.py DATA_DIR RUNS   (in a venv with evidently and pandas < 3)
"""
import json
import sys
import time
from importlib.metadata import version

import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset


def drifted_count(snapshot):
    # The preset's first metric is the share/count of drifted columns.
    for metric in snapshot.dict().get("metrics", []):
        value = metric.get("value")
        if isinstance(value, dict) and "count" in value:
            return int(value["count"])
    return None


def main():
    data, runs = sys.argv[1], int(sys.argv[2])
    ref = pd.read_feather(f"{data}/reference_100k_x20.arrow")
    cur = pd.read_feather(f"{data}/current_100k_x20.arrow")
    versions = {name: version(name) for name in ("evidently", "pandas", "numpy", "scipy")}
    versions["python"] = sys.version.split()[0]
    cases = (("default tests", "", lambda: DataDriftPreset()), ("method=ks", 'method="ks"', lambda: DataDriftPreset(method="ks")),
             ("method=psi", 'method="psi"', lambda: DataDriftPreset(method="psi")))
    for label, arguments, preset in cases:
        def body():
            return Report([preset()]).run(current_data=cur, reference_data=ref)
        snapshot = body()  # warm-up
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            snapshot = body()
            samples.append(time.perf_counter() - start)
        samples.sort()
        print(json.dumps({"tool": "evidently", "benchmark": f"DataDriftPreset, {label}",
                          "command": f"Report([DataDriftPreset({arguments})]).run(current_data=cur, reference_data=ref)",
                          "samples": samples, "median": samples[len(samples) // 2], "drifted": drifted_count(snapshot),
                          "versions": versions, "load": open("/proc/loadavg").read().split()[:3]}))


if __name__ == "__main__":
    main()
