"""Makes the serving benchmark's model and request bodies (seeded, no network).

A 20-feature linear regression f0..f19 fitted on 10,000 seeded rows, written twice:
  - model.json: the C fixture plugin's linear format (what `sluice serve` loads);
  - mlflow_model/: the same fitted scikit-learn model saved by mlflow (when mlflow is
    importable), for `mlflow models serve`.
Bodies are MLflow's dataframe_split, the format both servers accept:
  body_1.json (1 row) and body_100.json (100 rows).
"""
import json
import os
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = np.random.default_rng(7)
columns = [f"f{j}" for j in range(20)]
X = rng.standard_normal((10_000, 20))
w = rng.uniform(-2, 2, 20)
y = X @ w + 0.5 + rng.standard_normal(10_000)

import pandas as pd  # noqa: E402
from sklearn.linear_model import LinearRegression  # noqa: E402

# Fitted on a DataFrame, as MLflow users do, so the model knows its column names.
model = LinearRegression().fit(pd.DataFrame(X, columns=columns), y)
with open(os.path.join(out, "model.json"), "w") as f:
    json.dump({"format": "fixture.linear/1", "intercept": float(model.intercept_),
               "coef": {c: float(v) for c, v in zip(columns, model.coef_)}}, f)

for rows in (1, 100):
    data = np.round(rng.standard_normal((rows, 20)), 6).tolist()
    with open(os.path.join(out, f"body_{rows}.json"), "w") as f:
        json.dump({"dataframe_split": {"columns": columns, "data": data}}, f)

try:
    import mlflow.sklearn
    from mlflow.models import infer_signature
except ImportError:
    print("mlflow not importable: skipped mlflow_model/", file=sys.stderr)
else:
    import shutil
    target = os.path.join(out, "mlflow_model")
    shutil.rmtree(target, ignore_errors=True)
    frame = pd.DataFrame(X[:5], columns=columns)
    mlflow.sklearn.save_model(model, target, signature=infer_signature(frame, model.predict(frame)))
