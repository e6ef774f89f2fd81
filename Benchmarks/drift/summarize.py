"""Turns the benchmark's JSON lines (stdin) into the Markdown table of Benchmarks/README.md."""
import json
import sys


def seconds(value):
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.3f} s"


rows = [json.loads(line) for line in sys.stdin if line.strip()]
checks = {row["tool"]: row for row in rows if "samples" not in row and "drifted" in row}
print("| tool | benchmark | median | min – max | runs | drifted columns | load (1/5/15) |")
print("|---|---|---|---|---|---|---|")
for row in rows:
    if "samples" not in row:
        continue
    samples = row["samples"]
    # The drifted count belongs to the rows that ran the whole comparison, not to a load stage.
    drifted = row.get("drifted", checks.get(row["tool"], {}).get("drifted", "") if "drift" in row["benchmark"] else "")
    print(f"| {row['tool']} | {row['benchmark']} | **{seconds(row['median'])}** | {seconds(min(samples))} – {seconds(max(samples))} "
          f"| {len(samples)} | {drifted if drifted is not None else ''} | {' '.join(row['load'])} |")
for tool, check in checks.items():
    if "largest_difference_from_scipy" in check:
        print(f"\n{tool} vs scipy, largest differences over the 20 columns: {json.dumps(check['largest_difference_from_scipy'])}")
