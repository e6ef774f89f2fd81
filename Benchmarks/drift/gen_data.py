"""Makes the drift benchmark's data (issue 8): reference and current, 100,000 x 20 each.

The recipe of the peer baselines (P7): numpy PCG64 seed 4, reference ~ N(0,1) drawn
first, current ~ N(0,1) drawn second with +0.2 (0.2 sd) added to f0..f9, written as CSV
with 6 decimals. The Arrow IPC files (uncompressed Feather V2, what Sluice reads) hold
exactly the values parsed back from those CSVs, so every tool compares the same numbers.

Usage: python gen_data.py OUT_DIR   (does nothing when the files are already there)
"""
import hashlib
import os
import sys

import numpy as np
import pandas as pd
import pyarrow.feather as feather

ROWS, COLUMNS, SHIFTED, SHIFT, SEED = 100_000, 20, 10, 0.2, 4


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    names = [f"f{j}" for j in range(COLUMNS)]
    paths = {name: os.path.join(out, f"{name}_100k_x20") for name in ("reference", "current")}
    if all(os.path.exists(p + ext) for p in paths.values() for ext in (".csv", ".arrow")):
        print(f"data already in {out}", file=sys.stderr)
    else:
        rng = np.random.Generator(np.random.PCG64(SEED))
        reference = rng.standard_normal((ROWS, COLUMNS))
        current = rng.standard_normal((ROWS, COLUMNS))
        current[:, :SHIFTED] += SHIFT
        for name, values in (("reference", reference), ("current", current)):
            pd.DataFrame(values, columns=names).to_csv(paths[name] + ".csv", index=False, float_format="%.6f")
            parsed = pd.read_csv(paths[name] + ".csv", dtype="float64")
            feather.write_feather(parsed, paths[name] + ".arrow", compression="uncompressed")
    for name, path in paths.items():
        print(f"{path}.csv sha256 {sha256(path + '.csv')} ({os.path.getsize(path + '.csv'):,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
