"""Fits a ridge regression on the standardised training table Sluice hands over.

Reads the table from $SLUICE_INPUT_TABLE (Arrow IPC), the params from $SLUICE_PARAMS,
writes model.json (declared in `outs`) and train_metrics.json (logged as metrics).
"""
import json
import os

import pandas as pd
from sklearn.linear_model import Ridge

params = json.load(open(os.environ["SLUICE_PARAMS"]))
table = pd.read_feather(os.environ["SLUICE_INPUT_TABLE"])
target = params["target"]
features = [column for column in table.columns if column != target]

model = Ridge(alpha=float(params["alpha"])).fit(table[features], table[target])
with open("model.json", "w") as out:
    json.dump({"features": features, "target": target, "coef": list(model.coef_), "intercept": float(model.intercept_)}, out, indent=1)
with open("train_metrics.json", "w") as out:
    json.dump({"r2": model.score(table[features], table[target]), "rows": len(table)}, out)
