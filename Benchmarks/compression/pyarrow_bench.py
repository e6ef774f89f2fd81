"""pyarrow's own decompression of the same buffers: pyarrow.decompress per buffer, as
Arrow's IPC reader decompresses each buffer of a record batch. Includes pyarrow's
allocation of each output buffer (its reader does that too) and a Python call per
buffer (~1 µs; 128 calls per 64 MiB).

Usage: python pyarrow_bench.py DATA RUNS  -> TSV lines: pyarrow shape codec layout MB/s
"""
import os
import statistics
import struct
import sys
import time

import pyarrow as pa


def buffers(path):
    with open(path, "rb") as f:
        data = f.read()
    view = memoryview(data)
    at = 0
    result = []
    while at < len(data):
        uncompressed, compressed = struct.unpack_from("<QQ", data, at)
        at += 16
        result.append((pa.py_buffer(view[at : at + compressed]), uncompressed))
        at += compressed
    return result


def main():
    data, runs = sys.argv[1], int(sys.argv[2])
    for line in open(os.path.join(data, "manifest.tsv")):
        shape, codec, layout, name, raw_name, _ = line.rstrip("\n").split("\t")
        chunks = buffers(os.path.join(data, name))
        total = sum(n for _, n in chunks)
        outputs = [pa.decompress(b, decompressed_size=n, codec=codec) for b, n in chunks]
        with open(os.path.join(data, raw_name), "rb") as f:
            if b"".join(o.to_pybytes() for o in outputs) != f.read():
                sys.exit(f"{name}: pyarrow's output differs from the original")
        del outputs
        rates = []
        for _ in range(runs):
            start = time.perf_counter()
            for b, n in chunks:
                pa.decompress(b, decompressed_size=n, codec=codec)
            rates.append(total / (time.perf_counter() - start) / 1e6)
        print(f"pyarrow\t{shape}\t{codec}\t{layout}\t{statistics.median(rates):.0f}", flush=True)


if __name__ == "__main__":
    main()
