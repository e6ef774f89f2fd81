"""CSV load benchmark: sluice.csv/load (through `sluice plugins run`) beside pandas,
pyarrow and polars on the same two 1M-row files. Run by bench.sh; prints a Markdown table.

For each reader and file:
- load: the time of the load itself, median of RUNS after one warm-up (file in page cache).
  sluice: the time the stage reports ("read ... in X s"), i.e. without process start-up and
  without the host writing the table to an Arrow file; peers: perf_counter around the call,
  in one Python process. The CPU time of the load (all threads) is given too: on a shared,
  busy machine it moves less than the wall time.
- process: the whole command, once per process (median of RUNS), and its peak memory
  (max RSS from /usr/bin/time -v). For sluice that includes starting, loading the plugin,
  parsing, and the host writing data.arrow; for the peers, starting Python, importing the
  library and parsing.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

FILES = {"num": "num_1m_x20.csv", "mixed": "mixed_1m_15f_5c.csv"}

PEERS = {
    "pandas.read_csv": ("import pandas as pd", "pd.read_csv(PATH)"),
    "pandas.read_csv 1 thread": (
        "import pandas as pd",
        "exec('with pd.option_context(\"mode.max_threads\", 1):\\n    pd.read_csv(PATH)')",
    ),
    "pyarrow.csv.read_csv": ("import pyarrow.csv as pc", "pc.read_csv(PATH)"),
    "pyarrow.csv.read_csv 1 thread": (
        "import pyarrow.csv as pc",
        "pc.read_csv(PATH, read_options=pc.ReadOptions(use_threads=False))",
    ),
    "polars.read_csv": ("import polars as pl", "pl.read_csv(PATH)"),
}


def timed(command, env=None):
    """Runs `command` under /usr/bin/time -v; returns (seconds, max RSS in MB, stdout, stderr)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) / 1024
    return seconds, rss, done.stdout, done.stderr


def sluice_rows(sluice, path, runs, pin):
    out = tempfile.mkdtemp(prefix="sluice-csv-bench-")
    command = ["taskset", "-c", "0"] if pin else []
    command += [sluice, "plugins", "run", "sluice.csv/load", "--with", json.dumps({"path": path}), "--output-dir", out]
    loads, cpus, wholes, rss = [], [], [], []
    for index in range(runs + 1):
        seconds, peak, _, err = timed(command)
        found = re.search(r"\) in ([0-9.]+) s \([0-9]+ MB/s, ([0-9.]+) s of CPU\)", err)
        if index == 0:
            continue  # warm-up
        loads.append(float(found.group(1)))
        cpus.append(float(found.group(2)))
        wholes.append(seconds)
        rss.append(peak)
    subprocess.run(["rm", "-rf", out])
    return loads, cpus, wholes, rss


def peer_rows(python, setup, call, path, runs):
    code = (
        f"import json, time\n{setup}\nPATH = {path!r}\n"
        f"{call}\n"  # warm-up
        f"times, cpus = [], []\n"
        f"for _ in range({runs}):\n"
        f"    t = time.perf_counter(); c = time.process_time(); result = {call}\n"
        f"    times.append(time.perf_counter() - t); cpus.append(time.process_time() - c); del result\n"
        f"print(json.dumps([times, cpus]))\n"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    loads, cpus = json.loads(done.stdout)
    wholes, rss = [], []
    once = f"{setup}\nPATH = {path!r}\n{call}\n"
    for _ in range(runs):
        seconds, peak, _, _ = timed([python, "-c", once])
        wholes.append(seconds)
        rss.append(peak)
    return loads, cpus, wholes, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="/tmp/sluice-csv-bench")
    parser.add_argument("--sluice", default=".build/release/sluice")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    rows = []
    for key, name in FILES.items():
        path = os.path.join(args.data, name)
        size = os.path.getsize(path)
        readers = [("sluice.csv/load (2 cores)", lambda: sluice_rows(args.sluice, path, args.runs, False)),
                   ("sluice.csv/load (taskset 1 core)", lambda: sluice_rows(args.sluice, path, args.runs, True))]
        readers += [(label, (lambda s=setup, c=call: peer_rows(sys.executable, s, c, path, args.runs))) for label, (setup, call) in PEERS.items()]
        for label, run in readers:
            loads, cpus, wholes, rss = run()
            load = statistics.median(loads)
            cpu = statistics.median(cpus)
            rows.append((key, label, load, min(loads), max(loads), size / 1e6 / load, cpu, statistics.median(wholes), max(rss)))
            print(f"  {key:5} {label:34} load {load * 1000:7.1f} ms  {size / 1e6 / load:6.0f} MB/s  cpu {cpu * 1000:7.1f} ms  "
                  f"process {statistics.median(wholes) * 1000:7.1f} ms  max RSS {max(rss):6.0f} MB", file=sys.stderr, flush=True)

    print("| file | reader | load: median (min – max) | MB/s | CPU time of the load | whole process: median | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for key, label, load, low, high, rate, cpu, whole, rss in rows:
        print(f"| {key} | {label} | **{load * 1000:.0f} ms** ({low * 1000:.0f} – {high * 1000:.0f}) | {rate:.0f} | {cpu * 1000:.0f} ms | {whole * 1000:.0f} ms | {rss:.0f} MB |")


if __name__ == "__main__":
    main()
