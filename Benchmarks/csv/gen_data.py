"""Writes the two CSV files of the CSV load benchmark (seeded, so every run writes the same bytes).

num:   1,000,000 rows x (f0..f19 ~ N(0,1), target = X @ w + 0.5 + N(0,1), w ~ U(-2,2)), 6 decimals (seed 1)
mixed: 1,000,000 rows x (f0..f14 ~ N(0,1) * 10**(j % 4), c0..c4 = "c{j}_{k}" with k ~ U{0..card-1},
       card 4, 32, 256, 4096, 65536), 6 decimals (seed 2)

Usage: python gen_data.py OUTPUT_DIR [ROWS]
"""
import os
import sys

import numpy as np
import pandas as pd


def write(frame: pd.DataFrame, path: str) -> None:
    tmp = path + ".tmp"
    frame.to_csv(tmp, index=False, float_format="%.6f", lineterminator="\n")
    os.replace(tmp, path)


def main() -> None:
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    os.makedirs(out, exist_ok=True)

    num = os.path.join(out, "num_1m_x20.csv")
    if not os.path.exists(num):
        rng = np.random.Generator(np.random.PCG64(1))
        x = rng.standard_normal((rows, 20))
        w = rng.uniform(-2, 2, 20)
        y = x @ w + 0.5 + rng.standard_normal(rows)
        frame = pd.DataFrame(x, columns=[f"f{j}" for j in range(20)])
        frame["target"] = y
        write(frame, num)

    mixed = os.path.join(out, "mixed_1m_15f_5c.csv")
    if not os.path.exists(mixed):
        rng = np.random.Generator(np.random.PCG64(2))
        columns = {}
        for j in range(15):
            columns[f"f{j}"] = rng.standard_normal(rows) * 10 ** (j % 4)
        for j, card in enumerate([4, 32, 256, 4096, 65536]):
            codes = rng.integers(0, card, rows)
            labels = np.array([f"c{j}_{k}" for k in range(card)], dtype=object)
            columns[f"c{j}"] = labels[codes]
        write(pd.DataFrame(columns), mixed)

    for path in (num, mixed):
        print(f"{path}: {os.path.getsize(path):,} bytes")


if __name__ == "__main__":
    main()
