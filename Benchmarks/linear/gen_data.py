"""Writes the linear-model benchmark data: N rows (default 1,000,000) of 20 standard-normal
float64 features x0..x19, a regression target y = X w + noise and a 0/1 label from a
logistic model, as an uncompressed Arrow IPC file. Seeded: the same file every time.

usage: gen_data.py OUT.arrow [ROWS]
"""
import sys

import numpy as np
import pyarrow as pa
import pyarrow.feather as feather

out, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = np.random.default_rng(5)
x = rng.standard_normal((rows, 20))
w = rng.uniform(-2, 2, 20)
y = x @ w + 0.5 + rng.standard_normal(rows)
p = 1 / (1 + np.exp(-(x @ (w / 2) - 0.3)))
label = (rng.uniform(size=rows) < p).astype(np.float64)
columns = {f"x{j}": x[:, j] for j in range(20)}
columns["y"] = y
columns["label"] = label
feather.write_feather(pa.table(columns), out, compression="uncompressed", chunksize=rows)
