"""Times Sluice's drift stage on the benchmark data (issue 8) and checks its answers.

Runs `sluice run --force --quiet` of a three-stage pipeline (load reference, load current,
drift over the 20 columns with fail_on_drift: false) RUNS times after one warm-up, and
records per sample the whole process's wall time and the stages' own durations from
`sluice runs show last --json`. Then it exports the last drift report and compares its KS
statistics, p-values and PSI with the scipy/numpy loop's (from peers_scipy.py's output).

Usage: python bench_sluice.py SLUICE PROJECT_DIR RUNS [SCIPY_RESULTS_JSONL]
"""
import json
import os
import statistics
import subprocess
import sys
import time


def sluice(binary, project, *arguments, check=True):
    result = subprocess.run([binary, *arguments], cwd=project, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"sluice {' '.join(arguments)} failed ({result.returncode}):\n{result.stderr}")
    return result


def main():
    binary, project, runs = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    scipy_results = None
    if len(sys.argv) > 4:
        for line in open(sys.argv[4]):
            row = json.loads(line)
            if "results" in row:
                scipy_results = row["results"]

    walls, stages = [], {}
    for sample in range(runs + 1):
        start = time.perf_counter()
        sluice(binary, project, "run", "--force", "--quiet")
        wall = time.perf_counter() - start
        detail = json.loads(sluice(binary, project, "runs", "show", "last", "--json").stdout)
        if sample == 0:
            continue  # warm-up: page cache, plugin files
        walls.append(wall)
        for stage in detail["stages"]:
            stages.setdefault(stage["name"], []).append(stage["duration_seconds"])
    load = open("/proc/loadavg").read().split()[:3]
    version = sluice(binary, project, "--version", check=False).stdout.strip() or "unknown"
    rows = [{"tool": "sluice", "benchmark": "whole `sluice run` (load 2 Arrow files + drift, 20 columns)",
             "command": "sluice run --force --quiet", "samples": walls, "median": statistics.median(walls), "load": load, "version": version}]
    for name, label in (("drift", "drift stage alone (inputs already in memory)"), ("reference", "load stage, reference.arrow")):
        rows.append({"tool": "sluice", "benchmark": label, "command": f"stage '{name}' duration from `sluice runs show last --json`",
                     "samples": stages[name], "median": statistics.median(stages[name]), "load": load, "version": version})

    # The last report, exported from the store, against scipy.
    detail = json.loads(sluice(binary, project, "runs", "show", "last", "--json").stdout)
    digest = next(a["digest"] for a in detail["artifacts"] if a["stage"] == "drift" and a["name"] == "report")
    sluice(binary, project, "artifacts", "export", digest, "report.json")
    report = json.load(open(os.path.join(project, "report.json")))
    check = {"tool": "sluice", "drifted": len(report["drifted_features"]), "drifted_features": report["drifted_features"]}
    if scipy_results:
        worst = {"ks_statistic": 0.0, "ks_pvalue": 0.0, "ks_pvalue_relative": 0.0, "psi": 0.0}
        for feature in report["features"]:
            expected, stats = scipy_results[feature["column"]], feature["statistics"]
            worst["ks_statistic"] = max(worst["ks_statistic"], abs(stats["ks"]["statistic"] - expected["ks_statistic"]))
            worst["ks_pvalue"] = max(worst["ks_pvalue"], abs(stats["ks"]["value"] - expected["ks_pvalue"]))
            if expected["ks_pvalue"] > 1e-300:
                worst["ks_pvalue_relative"] = max(worst["ks_pvalue_relative"], abs(stats["ks"]["value"] / expected["ks_pvalue"] - 1))
            worst["psi"] = max(worst["psi"], abs(stats["psi"]["value"] - expected["psi"]))
        check["largest_difference_from_scipy"] = worst
    for row in rows + [check]:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
