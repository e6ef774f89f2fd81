"""Prints a Markdown table of medians (with min-max) from the benchmark's results.jsonl."""
import json
import statistics
import sys
from collections import defaultdict

groups = defaultdict(list)
for line in open(sys.argv[1]):
    entry = json.loads(line)
    groups[(entry["server"], entry["rows"], entry["connections"])].append(entry)

print("| server | rows/request | connections | requests/s | p50 latency | p99 latency | rows/s | runs | errors |")
print("|---|---|---|---|---|---|---|---|---|")
for (server, rows, connections), entries in groups.items():
    rates = [e["wrk"]["requests"] / (e["wrk"]["duration_us"] / 1e6) for e in entries]
    p50 = [e["wrk"]["p50_us"] / 1000 for e in entries]
    p99 = [e["wrk"]["p99_us"] / 1000 for e in entries]
    errors = sum(e["wrk"]["socket_errors"] + e["wrk"]["non_2xx"] for e in entries)

    def cell(values, unit, digits):
        return f"**{statistics.median(values):,.{digits}f}{unit}** ({min(values):,.{digits}f}–{max(values):,.{digits}f})"

    print(f"| {server} | {rows} | {connections} | {cell(rates, '', 0)} | {cell(p50, ' ms', 2)} | {cell(p99, ' ms', 2)} "
          f"| {statistics.median(rates) * rows:,.0f} | {len(entries)} | {errors} |")
