"""Scores model.json on the test table and enforces the quality gate.

Exits with status 1 and a message when r2 is below the `min_r2` param, which fails the
stage and stops the pipeline before anything is promoted.
"""
import json
import os
import sys

import numpy as np
import pandas as pd

params = json.load(open(os.environ["SLUICE_PARAMS"]))
model = json.load(open("model.json"))
table = pd.read_feather(os.environ["SLUICE_INPUT_TABLE"])
predicted = table[model["features"]].to_numpy() @ np.array(model["coef"]) + model["intercept"]
actual = table[model["target"]].to_numpy()
residual = actual - predicted
metrics = {
    "r2": float(1 - (residual ** 2).sum() / ((actual - actual.mean()) ** 2).sum()),
    "rmse": float(np.sqrt((residual ** 2).mean())),
    "mae": float(np.abs(residual).mean()),
}
json.dump(metrics, open("test_metrics.json", "w"))
print(json.dumps(metrics))
if metrics["r2"] < float(params["min_r2"]):
    sys.exit(f"quality gate failed: r2 {metrics['r2']:.3f} is below {params['min_r2']}")
