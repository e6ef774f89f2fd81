"""Fits a scikit-learn Pipeline on raw rows (the Arrow files a test hands over) and
prints its predictions on raw test rows as JSON: the reference a Sluice inference
pipeline (fitted transforms + model, given raw rows) must match.

usage: sklearn_pipeline.py KIND TRAIN.arrow TEST.arrow TARGET NUMERIC(comma-separated) CATEGORICAL(comma-separated or -) PARAMS(JSON)
KIND ridge:    Pipeline(StandardScaler(), Ridge(alpha))
KIND logistic: Pipeline(ColumnTransformer(num: SimpleImputer(mean) + StandardScaler, cat: OneHotEncoder), LogisticRegression(C))
"""
import json
import sys

import numpy as np
import pyarrow.ipc as ipc
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

kind, train_path, test_path, target, numeric, categorical, params = sys.argv[1:8]
numeric = numeric.split(",")
categorical = [] if categorical == "-" else categorical.split(",")
params = json.loads(params)
train = ipc.open_file(train_path).read_all().to_pandas()
test = ipc.open_file(test_path).read_all().to_pandas()
for name in categorical:
    train[name] = train[name].astype(object)
    test[name] = test[name].astype(object)
features = numeric + categorical
if kind == "ridge":
    pipeline = Pipeline([("scale", StandardScaler()), ("ridge", Ridge(alpha=params["alpha"]))])
else:
    columns = ColumnTransformer([
        ("num", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])
    # Converged far beyond the agreement the test asks for.
    pipeline = Pipeline([("columns", columns), ("logistic", LogisticRegression(C=params["C"], tol=1e-12, max_iter=100000))])
pipeline.fit(train[features], train[target])
out = {"predictions": [v.item() if hasattr(v, "item") else v for v in pipeline.predict(test[features])]}
if kind != "ridge":
    probabilities = pipeline.predict_proba(test[features])
    out["classes"] = [str(c) for c in pipeline.classes_]
    out["probabilities"] = {str(c): probabilities[:, i].tolist() for i, c in enumerate(pipeline.classes_)}
print(json.dumps(out))
