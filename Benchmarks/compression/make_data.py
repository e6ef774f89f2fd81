"""Makes the benchmark's buffers: three 64 MiB shapes like Arrow columns, each compressed
by pyarrow with lz4 (the LZ4 frame format) and zstd at their default levels, in two
layouts: 512 KiB buffers (one float64 or int64 column of a 65,536-row record batch, as
pyarrow.feather.write_feather writes by default) and one 64 MiB buffer.

Writes DATA/<shape>.raw, DATA/<shape>.<codec>.<layout>.bin and DATA/manifest.tsv. A .bin is
buffers one after another, each as: uint64 LE uncompressed length, uint64 LE compressed
length, the compressed bytes (what pyarrow.compress returned).

Usage: python make_data.py DATA
"""
import os
import struct
import sys

import numpy as np
import pyarrow as pa

SIZE = 64 << 20
VERSION = "1"


def shapes():
    rng = np.random.default_rng(20261207)
    count = SIZE // 8
    # A price-like series: each value a small random step from the last.
    walk = 100.0 + np.cumsum(rng.normal(0.0, 0.01, count))
    yield "float64-random-walk", walk.astype("<f8").tobytes()
    # Sorted ids with small gaps, as a primary key column after filtering.
    ids = 10_000_000 + np.cumsum(rng.integers(1, 4, count, dtype=np.int64))
    yield "int64-ids", ids.astype("<i8").tobytes()
    # Log-like CSV text: a timestamp, a user, a method, a path, a status, a duration.
    methods = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]
    statuses = [200, 200, 200, 200, 201, 204, 304, 404, 500]
    lines = []
    size = 0
    second = 1_714_560_000
    while size < SIZE:
        second += int(rng.integers(0, 3))
        user = int(rng.integers(0, 5000))
        line = (
            f"{second},user-{user:05d},{methods[user % len(methods)]},/api/items/{int(rng.integers(0, 100000))},"
            f"{statuses[int(rng.integers(0, len(statuses)))]},{rng.random() * 0.25:.4f}\n"
        )
        lines.append(line)
        size += len(line)
    yield "csv-text", "".join(lines).encode()[:SIZE]


def main():
    data = sys.argv[1]
    os.makedirs(data, exist_ok=True)
    manifest = os.path.join(data, "manifest.tsv")
    stamp = os.path.join(data, "version")
    if os.path.exists(manifest) and open(stamp).read() == VERSION:
        print(f"buffers already in {data}")
        return
    rows = []
    for shape, raw in shapes():
        with open(os.path.join(data, shape + ".raw"), "wb") as f:
            f.write(raw)
        for codec in ["lz4", "zstd"]:
            for layout, chunk in [("512KiB", 512 << 10), ("64MiB", SIZE)]:
                name = f"{shape}.{codec}.{layout}.bin"
                compressed_total = 0
                with open(os.path.join(data, name), "wb") as f:
                    for start in range(0, len(raw), chunk):
                        piece = raw[start : start + chunk]
                        compressed = pa.compress(piece, codec=codec, asbytes=True)
                        f.write(struct.pack("<QQ", len(piece), len(compressed)))
                        f.write(compressed)
                        compressed_total += len(compressed)
                rows.append((shape, codec, layout, name, shape + ".raw", len(raw) / compressed_total))
                print(f"{name}: ratio {len(raw) / compressed_total:.2f}")
    with open(manifest, "w") as f:
        for row in rows:
            f.write("\t".join(map(str, row[:5])) + f"\t{row[5]:.3f}\n")
    with open(stamp, "w") as f:
        f.write(VERSION)


if __name__ == "__main__":
    main()
