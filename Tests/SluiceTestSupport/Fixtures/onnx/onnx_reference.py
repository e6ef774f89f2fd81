"""Test oracle for Sluice's ONNX interpreter: trains small models, converts them to ONNX
and records what onnxruntime computes from them.

Usage: onnx_reference.py OUTPUT_FOLDER

Writes one .onnx file per case and manifest.json into OUTPUT_FOLDER. Everything is
seeded, so two runs give the same models and the same numbers. The manifest:

  {"versions": {library: version},
   "target_opsets": {converter: {domain: version}},
   "cases": [{"name", "model" (file name in OUTPUT_FOLDER), "opsets" ({domain: version}
              as imported by the model), "operators" (["domain:OpType", ...]),
              "feeds": [{"name", "dtype", "shape", "values"}],
              "outputs": [{"name", "kind": "tensor", "dtype", "shape", "values"}
                          | {"name", "kind": "maps", "key_dtype", "keys", "values": [[...]]}]}]}

Tensors are flat, row-major lists. dtype is numpy's name (float32, float64, int64, string,
bool). Non-finite floats are written as the strings "NaN", "Infinity" and "-Infinity"
(JSON has no such numbers); any other string in a numeric tensor is an error. Outputs
appear in the graph's order. A ZipMap output (a list of dicts) becomes its keys, in the
order of the first row, and one list of values per row in that order.
"""

import json
import os
import sys
import warnings

# Converters and old estimators warn about deprecations; the test harness reads our
# output pipes one after the other, so keep them quiet rather than risk a full pipe.
warnings.filterwarnings("ignore")

import numpy as np
import pandas as pd
import onnx
import onnxruntime as ort
import sklearn
import skl2onnx
import onnxmltools
import xgboost
import lightgbm
from onnxmltools.convert.common.data_types import FloatTensorType as MLFloatTensorType
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes, make_classification, make_regression
from sklearn.ensemble import (
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

# onnxruntime warns on stderr about output shapes the converters declare too narrowly.
ort.set_default_logger_severity(3)

# The interpreter implements ai.onnx up to 21 and ai.onnx.ml up to 5 (LIMITS). skl2onnx
# converts for ai.onnx 21 and ai.onnx.ml 3, its own pairing for ai.onnx 18 and later.
# Converters import only the versions their nodes need, so most models import lower
# ones; Manifest.add refuses any import past LIMITS.
MAIN_OPSET = 21
ML_OPSET = 3
# onnxmltools (XGBoost, LightGBM) converts for ai.onnx up to 15 only.
MLTOOLS_OPSET = 15
LIMITS = {"ai.onnx": 21, "ai.onnx.ml": 5}

SEED = 0


def _patch_histogram_tree_converter():
    """skl2onnx 1.20 passes a Python bool as nodes_missing_value_tracks_true for the
    histogram boosters' leaves, which protobuf 7 refuses in an ints attribute; hand it
    the 0/1 the attribute means."""
    from skl2onnx.common import tree_ensemble

    original = tree_ensemble.add_node

    def add_node(*args, nodes_missing_value_tracks_true=0, **kwargs):
        return original(*args, nodes_missing_value_tracks_true=int(nodes_missing_value_tracks_true), **kwargs)

    tree_ensemble.add_node = add_node


_patch_histogram_tree_converter()


def encode_number(value):
    value = float(value)
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def encode_tensor(array):
    array = np.asarray(array)
    if array.dtype.kind in ("U", "S", "O"):
        return "string", [str(v) for v in array.reshape(-1)]
    if array.dtype == np.bool_:
        return "bool", [bool(v) for v in array.reshape(-1)]
    if array.dtype.kind in ("i", "u"):
        return str(array.dtype), [int(v) for v in array.reshape(-1)]
    return str(array.dtype), [encode_number(v) for v in array.reshape(-1)]


def encode_output(name, value):
    if isinstance(value, list):
        # ZipMap: one dict per row, all with the same keys.
        keys = list(value[0].keys()) if value else []
        key_dtype = "string" if keys and isinstance(keys[0], str) else "int64"
        return {
            "name": name,
            "kind": "maps",
            "key_dtype": key_dtype,
            "keys": [str(k) if key_dtype == "string" else int(k) for k in keys],
            "values": [[encode_number(row[k]) for k in keys] for row in value],
        }
    dtype, values = encode_tensor(value)
    return {"name": name, "kind": "tensor", "dtype": dtype, "shape": list(np.shape(value)), "values": values}


class Manifest:
    def __init__(self, folder):
        self.folder = folder
        self.cases = []

    def add(self, name, model, feeds):
        """Saves `model`, checks its opsets, runs onnxruntime on `feeds` and records both."""
        opsets = {(entry.domain or "ai.onnx"): entry.version for entry in model.opset_import}
        for domain, version in opsets.items():
            limit = LIMITS.get(domain)
            if limit is None or version > limit:
                raise SystemExit(f"{name}: imports {domain} opset {version}, outside what Sluice implements")
        operators = sorted({f"{node.domain or 'ai.onnx'}:{node.op_type}" for node in model.graph.node})
        for operator in operators:
            if operator.split(":")[0] not in LIMITS:
                raise SystemExit(f"{name}: uses {operator}, outside ai.onnx and ai.onnx.ml")
        # The converters name graphs with a random UUID; the case's name keeps files reproducible.
        model.graph.name = name
        file = f"{name}.onnx"
        onnx.save_model(model, os.path.join(self.folder, file))
        session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        graph_outputs = [o.name for o in model.graph.output]
        session_outputs = [o.name for o in session.get_outputs()]
        if graph_outputs != session_outputs:
            raise SystemExit(f"{name}: onnxruntime reorders the outputs {graph_outputs} as {session_outputs}")
        results = session.run(graph_outputs, feeds)
        encoded_feeds = []
        for feed_name, array in feeds.items():
            dtype, values = encode_tensor(array)
            encoded_feeds.append({"name": feed_name, "dtype": dtype, "shape": list(array.shape), "values": values})
        self.cases.append({
            "name": name,
            "model": file,
            "opsets": opsets,
            "operators": operators,
            "feeds": encoded_feeds,
            "outputs": [encode_output(n, v) for n, v in zip(graph_outputs, results)],
        })

    def write(self):
        versions = {
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
            "onnx": onnx.__version__,
            "onnxruntime": ort.__version__,
            "skl2onnx": skl2onnx.__version__,
            "onnxmltools": onnxmltools.__version__,
            "xgboost": xgboost.__version__,
            "lightgbm": lightgbm.__version__,
        }
        manifest = {
            "versions": versions,
            "target_opsets": {"skl2onnx": {"ai.onnx": MAIN_OPSET, "ai.onnx.ml": ML_OPSET},
                              "onnxmltools": {"ai.onnx": MLTOOLS_OPSET}},
            "cases": self.cases,
        }
        with open(os.path.join(self.folder, "manifest.json"), "w") as f:
            json.dump(manifest, f, allow_nan=False)


def sklearn_to_onnx(estimator, features, options=None):
    return convert_sklearn(
        estimator,
        initial_types=[("input", FloatTensorType([None, features]))],
        target_opset={"": MAIN_OPSET, "ai.onnx.ml": ML_OPSET},
        options=options,
    )


def split(x, y, test_size):
    return train_test_split(x, y, test_size=test_size, random_state=SEED)


def regression_data():
    x, y = make_regression(n_samples=500, n_features=8, n_informative=6, noise=5.0, random_state=SEED)
    return split(x.astype(np.float32), y, 200)


def binary_data():
    # Breast cancer: 569 rows, 30 features of very different scales.
    data = load_breast_cancer()
    return split(data.data.astype(np.float32), data.target, 200)


def multiclass_data():
    x, y = make_classification(n_samples=500, n_features=10, n_informative=6, n_redundant=2,
                               n_classes=4, n_clusters_per_class=1, random_state=SEED)
    return split(x.astype(np.float32), y, 200)


def diabetes_data():
    data = load_diabetes()
    return split(data.data.astype(np.float32), data.target, 150)


def with_missing(x, fraction, seed):
    """A copy of x with about `fraction` of the cells set to NaN."""
    x = x.copy()
    mask = np.random.default_rng(seed).random(x.shape) < fraction
    x[mask] = np.nan
    return x


def table_data():
    """Numeric and string columns with gaps, and a string target."""
    rng = np.random.default_rng(SEED)
    rows = 450
    age = rng.integers(18, 80, rows).astype(np.float32)
    income = rng.lognormal(10, 0.5, rows).astype(np.float32)
    visits = rng.poisson(3, rows).astype(np.float32)
    city = rng.choice(["Oslo", "Lima", "Pune", "Kyiv", "Accra"], rows)
    plan = rng.choice(["free", "basic", "pro"], rows, p=[0.5, 0.3, 0.2])
    score = 0.04 * (age - 45) + 0.8 * np.log(income / 20000) + 0.3 * visits \
        + np.where(plan == "pro", 1.2, 0.0) - np.where(city == "Lima", 0.7, 0.0)
    churn = np.where(score + rng.normal(0, 0.7, rows) > 0.5, "stays", "leaves")
    for column, fraction in ((age, 0.08), (income, 0.1)):
        column[rng.random(rows) < fraction] = np.nan
    frame = pd.DataFrame({"age": age, "income": income, "visits": visits, "city": city, "plan": plan})
    train, test = frame.iloc[:300].copy(), frame.iloc[300:].copy()
    # Categories the encoder never saw, which handle_unknown='ignore' encodes as all zeros.
    test.iloc[:6, test.columns.get_loc("city")] = ["Quito", "Oslo", "Turin", "Lima", "Quito", "Baku"]
    test.iloc[:3, test.columns.get_loc("plan")] = ["enterprise", "free", "trial"]
    return train, churn[:300], test


def add_scikit_learn_cases(manifest):
    x_train, x_test, y_train, _ = regression_data()
    n = x_train.shape[1]
    feeds = {"input": x_test}
    manifest.add("linear_regression", sklearn_to_onnx(LinearRegression().fit(x_train, y_train), n), feeds)
    manifest.add("ridge", sklearn_to_onnx(Ridge(alpha=2.0).fit(x_train, y_train), n), feeds)
    tree = DecisionTreeRegressor(max_depth=6, random_state=SEED).fit(x_train, y_train)
    manifest.add("decision_tree_regressor", sklearn_to_onnx(tree, n), feeds)
    forest = RandomForestRegressor(n_estimators=20, max_depth=6, random_state=SEED).fit(x_train, y_train)
    manifest.add("random_forest_regressor", sklearn_to_onnx(forest, n), feeds)
    boosting = GradientBoostingRegressor(n_estimators=40, max_depth=3, random_state=SEED).fit(x_train, y_train)
    manifest.add("gradient_boosting_regressor", sklearn_to_onnx(boosting, n), feeds)
    mlp = Pipeline([("scale", StandardScaler()),
                    ("mlp", MLPRegressor(hidden_layer_sizes=(16, 8), max_iter=400, random_state=SEED))]).fit(x_train, y_train)
    manifest.add("mlp_regressor", sklearn_to_onnx(mlp, n), feeds)

    # Missing values go down the branch the histogram booster learned for them.
    x_train, x_test, y_train, _ = diabetes_data()
    x_train, x_test = with_missing(x_train, 0.1, 1), with_missing(x_test, 0.1, 2)
    hist = HistGradientBoostingRegressor(max_iter=30, random_state=SEED).fit(x_train, y_train)
    manifest.add("hist_gradient_boosting_regressor", sklearn_to_onnx(hist, x_train.shape[1]), {"input": x_test})

    x_train, x_test, y_train, _ = binary_data()
    n = x_train.shape[1]
    feeds = {"input": x_test}
    logistic = Pipeline([("scale", StandardScaler()), ("logistic", LogisticRegression(max_iter=500))]).fit(x_train, y_train)
    manifest.add("logistic_binary", sklearn_to_onnx(logistic, n), feeds)
    tree = DecisionTreeClassifier(max_depth=5, random_state=SEED).fit(x_train, y_train)
    manifest.add("decision_tree_classifier_binary", sklearn_to_onnx(tree, n), feeds)
    boosting = GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=SEED).fit(x_train, y_train)
    manifest.add("gradient_boosting_classifier_binary", sklearn_to_onnx(boosting, n), feeds)
    hist = HistGradientBoostingClassifier(max_iter=30, random_state=SEED).fit(with_missing(x_train, 0.05, 3), y_train)
    manifest.add("hist_gradient_boosting_classifier_binary", sklearn_to_onnx(hist, n),
                 {"input": with_missing(x_test, 0.05, 4)})

    x_train, x_test, y_train, _ = multiclass_data()
    n = x_train.shape[1]
    feeds = {"input": x_test}
    logistic = LogisticRegression(max_iter=1000).fit(x_train, y_train)
    manifest.add("logistic_multinomial", sklearn_to_onnx(logistic, n), feeds)
    manifest.add("logistic_multinomial_no_zipmap",
                 sklearn_to_onnx(logistic, n, options={id(logistic): {"zipmap": False}}), feeds)
    tree = DecisionTreeClassifier(max_depth=6, random_state=SEED).fit(x_train, y_train)
    manifest.add("decision_tree_classifier_multiclass", sklearn_to_onnx(tree, n), feeds)
    forest = RandomForestClassifier(n_estimators=20, max_depth=6, random_state=SEED).fit(x_train, y_train)
    manifest.add("random_forest_classifier", sklearn_to_onnx(forest, n), feeds)
    manifest.add("random_forest_classifier_no_zipmap",
                 sklearn_to_onnx(forest, n, options={id(forest): {"zipmap": False}}), feeds)
    boosting = GradientBoostingClassifier(n_estimators=20, max_depth=3, random_state=SEED).fit(x_train, y_train)
    manifest.add("gradient_boosting_classifier_multiclass", sklearn_to_onnx(boosting, n), feeds)
    hist = HistGradientBoostingClassifier(max_iter=20, random_state=SEED).fit(x_train, y_train)
    manifest.add("hist_gradient_boosting_classifier_multiclass", sklearn_to_onnx(hist, n), feeds)
    mlp = Pipeline([("scale", StandardScaler()),
                    ("mlp", MLPClassifier(hidden_layer_sizes=(16,), max_iter=400, random_state=SEED))]).fit(x_train, y_train)
    manifest.add("mlp_classifier", sklearn_to_onnx(mlp, n), feeds)

    x_train, x_test, y_train, _ = binary_data()
    mlp = Pipeline([("scale", StandardScaler()),
                    ("mlp", MLPClassifier(hidden_layer_sizes=(12,), max_iter=400, random_state=SEED))]).fit(x_train, y_train)
    manifest.add("mlp_classifier_binary", sklearn_to_onnx(mlp, x_train.shape[1]), {"input": x_test})


def add_table_case(manifest):
    train, y_train, test = table_data()
    numeric = ["age", "income", "visits"]
    categorical = ["city", "plan"]
    preprocess = ColumnTransformer([
        ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
        ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
    ])
    model = Pipeline([("preprocess", preprocess), ("logistic", LogisticRegression(max_iter=500))]).fit(train, y_train)
    # One input tensor per column, [N, 1] each, as a table's columns arrive.
    initial_types = [(c, FloatTensorType([None, 1])) for c in numeric] + [(c, StringTensorType([None, 1])) for c in categorical]
    converted = convert_sklearn(model, initial_types=initial_types,
                                target_opset={"": MAIN_OPSET, "ai.onnx.ml": ML_OPSET})
    feeds = {c: test[c].to_numpy(dtype=np.float32).reshape(-1, 1) for c in numeric}
    feeds.update({c: test[c].to_numpy(dtype=object).astype(str).reshape(-1, 1) for c in categorical})
    manifest.add("column_transformer_logistic", converted, feeds)


def add_xgboost_cases(manifest):
    def convert(model, features):
        return onnxmltools.convert_xgboost(model, initial_types=[("input", MLFloatTensorType([None, features]))],
                                           target_opset=MLTOOLS_OPSET)

    x_train, x_test, y_train, _ = binary_data()
    model = xgboost.XGBClassifier(n_estimators=20, max_depth=3, learning_rate=0.3, random_state=SEED, n_jobs=1)
    model.fit(x_train, y_train)
    manifest.add("xgboost_classifier_binary", convert(model, x_train.shape[1]), {"input": x_test})

    x_train, x_test, y_train, _ = multiclass_data()
    model = xgboost.XGBClassifier(n_estimators=15, max_depth=3, learning_rate=0.3, random_state=SEED, n_jobs=1)
    model.fit(x_train, y_train)
    manifest.add("xgboost_classifier_multiclass", convert(model, x_train.shape[1]), {"input": x_test})

    x_train, x_test, y_train, _ = regression_data()
    model = xgboost.XGBRegressor(n_estimators=30, max_depth=4, learning_rate=0.2, random_state=SEED, n_jobs=1)
    model.fit(x_train, y_train)
    manifest.add("xgboost_regressor", convert(model, x_train.shape[1]), {"input": x_test})


def add_lightgbm_cases(manifest):
    def convert(model, features, zipmap=True):
        return onnxmltools.convert_lightgbm(model, initial_types=[("input", MLFloatTensorType([None, features]))],
                                            target_opset=MLTOOLS_OPSET, zipmap=zipmap)

    params = dict(n_estimators=20, num_leaves=15, learning_rate=0.2, random_state=SEED, n_jobs=1, verbose=-1)
    x_train, x_test, y_train, _ = binary_data()
    model = lightgbm.LGBMClassifier(**params).fit(x_train, y_train)
    manifest.add("lightgbm_classifier_binary", convert(model, x_train.shape[1]), {"input": x_test})

    x_train, x_test, y_train, _ = multiclass_data()
    model = lightgbm.LGBMClassifier(**params).fit(x_train, y_train)
    manifest.add("lightgbm_classifier_multiclass", convert(model, x_train.shape[1]), {"input": x_test})
    manifest.add("lightgbm_classifier_multiclass_no_zipmap", convert(model, x_train.shape[1], zipmap=False),
                 {"input": x_test})

    x_train, x_test, y_train, _ = regression_data()
    model = lightgbm.LGBMRegressor(**params).fit(x_train, y_train)
    manifest.add("lightgbm_regressor", convert(model, x_train.shape[1]), {"input": x_test})


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: onnx_reference.py OUTPUT_FOLDER")
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    np.random.seed(SEED)
    manifest = Manifest(folder)
    add_scikit_learn_cases(manifest)
    add_table_case(manifest)
    add_xgboost_cases(manifest)
    add_lightgbm_cases(manifest)
    manifest.write()


if __name__ == "__main__":
    main()
