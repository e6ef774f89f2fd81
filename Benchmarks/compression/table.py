"""Prints the Markdown tables of README.md from run.sh's results.

Usage: python table.py RESULTS MANIFEST
"""
import os
import sys


def read(path):
    if not os.path.exists(path):
        return {}
    rows = {}
    for line in open(path):
        if line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        rows[tuple(fields[1:4])] = float(fields[4])
    return rows


def main():
    results, manifest = sys.argv[1], sys.argv[2]
    before, after, pyarrow = (read(os.path.join(results, name + ".tsv")) for name in ["before", "after", "pyarrow"])
    print("\n| shape | codec | buffers | ratio | before (6478f6c) | after (libzstd/liblz4) | pyarrow | after ÷ before | after ÷ pyarrow |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for line in open(manifest):
        shape, codec, layout, _, _, ratio = line.rstrip("\n").split("\t")
        key = (shape, codec, layout)
        b, a, p = before.get(key), after.get(key), pyarrow.get(key)
        cell = lambda v: f"{v:,.0f}" if v else "—"
        ratio_cell = lambda x, y: f"{x / y:.1f}×" if x and y else "—"
        layout = {"512KiB": "128 × 512 KiB", "64MiB": "1 × 64 MiB"}.get(layout, layout)
        print(f"| {shape} | {codec} | {layout} | {float(ratio):.2f} | {cell(b)} | {cell(a)} | {cell(p)} | {ratio_cell(a, b)} | {ratio_cell(a, p)} |")
    contexts = os.path.join(results, "contexts.tsv")
    if os.path.exists(contexts):
        print("\n| codec | buffer | thread's contexts (µs/buffer) | new context per buffer (µs/buffer) |")
        print("|---|---:|---:|---:|")
        for line in open(contexts):
            if line.startswith("#"):
                continue
            _, codec, size, reused, fresh = line.rstrip("\n").split("\t")
            print(f"| {codec} | {int(size) // 1024} KiB | {reused} | {fresh} |")
        for line in open(contexts):
            if line.startswith("#"):
                print(line.rstrip("\n").replace("# ", "", 1))


if __name__ == "__main__":
    main()
