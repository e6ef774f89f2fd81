"""Trains the credit-approval classifier with scikit-learn and exports it to ONNX.

Run by the `train` stage of sluice.yaml (sluice.exec/run), or by hand from the project
folder: `python3 train.py`. Reads data/credit.csv and the params Sluice passes in the
JSON file $SLUICE_PARAMS (defaults below otherwise), and writes into build/:

- model.onnx                the fitted pipeline, converted by skl2onnx: one input per
                            raw column, so `sluice predict` and `sluice serve` take raw rows
- test.csv                  the held-out rows, target included, for the gates
- sklearn_predictions.csv   what scikit-learn itself predicts for each test row
                            (prediction, probability_<label>): the equivalence gate checks
                            that the ONNX model predicts the same
- metrics.json              accuracy and ROC AUC on the held-out rows, as scikit-learn
                            measures them (logged as the stage's metrics)
"""
import json
import os
import sys

try:
    import pandas as pd
    import skl2onnx.common.tree_ensemble
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType, Int64TensorType, StringTensorType
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import accuracy_score, roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder
except ImportError as error:
    sys.exit(f"train.py: {error} (Python {sys.executable}). Install the dependencies: "
             f"{os.path.basename(sys.executable)} -m pip install scikit-learn skl2onnx pandas, "
             "or put the project's virtual environment first on PATH (see README.md)")

DEFAULTS = {"seed": 42, "test_fraction": 0.25, "max_iter": 100, "learning_rate": 0.1, "max_depth": 4}
TARGET = "approved"
# Kept out of the features on purpose, and kept in test.csv for the fairness gate.
SENSITIVE = "sex"
OUT = "build"


def _int_missing_flags(add_node):
    """skl2onnx 1.20 gives HistGradientBoosting's leaves a Python bool as their
    missing-value flag, which onnx 1.19 and later refuse in an integer attribute (the
    conversion fails with "Expected an int, got a boolean"): pass it on as an int."""
    def add(*args, nodes_missing_value_tracks_true=0, **kwargs):
        return add_node(*args, nodes_missing_value_tracks_true=int(nodes_missing_value_tracks_true), **kwargs)
    return add


skl2onnx.common.tree_ensemble.add_node = _int_missing_flags(skl2onnx.common.tree_ensemble.add_node)


def params():
    values = dict(DEFAULTS)
    path = os.environ.get("SLUICE_PARAMS")
    if path:
        with open(path) as f:
            values.update(json.load(f))
    return values


def onnx_input(column):
    """One ONNX input per raw column, typed as pandas read it: the server then takes
    JSON rows of raw values, strings for the categories."""
    if not pd.api.types.is_numeric_dtype(column):
        return StringTensorType([None, 1])
    if pd.api.types.is_integer_dtype(column):
        return Int64TensorType([None, 1])
    return FloatTensorType([None, 1])


def main():
    p = params()
    data = pd.read_csv("data/credit.csv")
    features = [c for c in data.columns if c not in (TARGET, SENSITIVE)]
    categorical = [c for c in features if not pd.api.types.is_numeric_dtype(data[c])]
    numeric = [c for c in features if c not in categorical]

    train, test = train_test_split(data, test_size=float(p["test_fraction"]), random_state=int(p["seed"]), stratify=data[TARGET])
    model = Pipeline([
        # One-hot columns in front of the trees rather than HistGradientBoosting's own
        # categorical support, which skl2onnx does not convert.
        ("columns", ColumnTransformer([
            ("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
            ("numbers", "passthrough", numeric),
        ])),
        ("trees", HistGradientBoostingClassifier(
            max_iter=int(p["max_iter"]), learning_rate=float(p["learning_rate"]), max_depth=int(p["max_depth"]),
            random_state=int(p["seed"]))),
    ]).fit(train[features], train[TARGET])

    os.makedirs(OUT, exist_ok=True)
    onnx = to_onnx(
        model, initial_types=[(c, onnx_input(data[c])) for c in features],
        # Probabilities as one [N, classes] tensor instead of a list of maps.
        options={id(model.named_steps["trees"]): {"zipmap": False}},
        target_opset={"": 17, "ai.onnx.ml": 3})
    with open(f"{OUT}/model.onnx", "wb") as f:
        f.write(onnx.SerializeToString())

    test.to_csv(f"{OUT}/test.csv", index=False)
    probabilities = model.predict_proba(test[features])
    predictions = pd.DataFrame({"prediction": model.predict(test[features])})
    for j, label in enumerate(model.classes_):
        predictions[f"probability_{label}"] = probabilities[:, j]
    predictions.to_csv(f"{OUT}/sklearn_predictions.csv", index=False, float_format="%.17g")

    metrics = {
        "sklearn.accuracy": accuracy_score(test[TARGET], predictions["prediction"]),
        "sklearn.roc_auc": roc_auc_score(test[TARGET], probabilities[:, 1]),
        "train_rows": len(train),
        "test_rows": len(test),
    }
    with open(f"{OUT}/metrics.json", "w") as f:
        json.dump(metrics, f, indent=2)
    print(f"trained on {len(train)} rows; held-out accuracy {metrics['sklearn.accuracy']:.3f}, ROC AUC {metrics['sklearn.roc_auc']:.3f}")


if __name__ == "__main__":
    main()
