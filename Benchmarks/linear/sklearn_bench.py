"""scikit-learn on the benchmark data, for comparison with sluice.linear.

usage: sklearn_bench.py DATA.arrow REPEATS MODE
MODE fit: fit alone, the matrix already in memory (median of REPEATS).
MODE process-ols|process-ridge|process-logistic: read the file and fit one model, once,
as a whole-process run is timed from outside (python start included).
"""
import json
import sys
import time

import numpy as np
import pyarrow.feather as feather
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge

path, repeats, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
table = feather.read_table(path)
features = [name for name in table.column_names if name.startswith("x")]
x = np.column_stack([table.column(name).to_numpy() for name in features])
y = table.column("y").to_numpy()
label = table.column("label").to_numpy().astype(np.int64)
models = {
    "ols": lambda: LinearRegression().fit(x, y),
    "ridge": lambda: Ridge(alpha=1.0).fit(x, y),
    "logistic": lambda: LogisticRegression(C=1.0, tol=1e-4, max_iter=100).fit(x, label),
}
if mode.startswith("process-"):
    models[mode[len("process-"):]]()
    sys.exit(0)
for name, fit in models.items():
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fitted = fit()
        times.append(time.perf_counter() - start)
    note = f"{int(np.max(fitted.n_iter_))} lbfgs iterations" if name == "logistic" else ""
    print(json.dumps({"what": "sklearn-fit", "model": name, "median_seconds": float(np.median(times)), "runs": times,
                      "note": note, "sklearn": sklearn.__version__, "numpy": np.__version__}))
