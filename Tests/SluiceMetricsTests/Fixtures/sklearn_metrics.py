"""Reference values for SluiceMetrics: random and edge-case predictions, scored by
scikit-learn. Prints one JSON document: {"versions": {...}, "regression": [...],
"classification": [...]}. Run by MetricsReference.swift with the project's .venv."""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics

warnings.simplefilter("ignore")  # zero-division and one-class warnings are the point of some cases
rng = np.random.default_rng(20260521)


def regression_case(name, y, p):
    y, p = np.asarray(y, float), np.asarray(p, float)
    out = {"name": name, "truth": y.tolist(), "predicted": p.tolist(),
           "mse": metrics.mean_squared_error(y, p),
           "rmse": metrics.root_mean_squared_error(y, p),
           "mae": metrics.mean_absolute_error(y, p)}
    if len(y) >= 2:
        out["r2"] = metrics.r2_score(y, p)
    return out


def classification_case(name, k, y, pred, proba, positive=1):
    y, pred, proba = np.asarray(y), np.asarray(pred), np.asarray(proba, float)
    labels = list(range(k))
    out = {"name": name, "classes": k, "truth": y.tolist(), "predicted": pred.tolist(),
           "probabilities": proba.tolist(), "positive": positive,
           "accuracy": metrics.accuracy_score(y, pred),
           "confusion_matrix": metrics.confusion_matrix(y, pred, labels=labels).tolist(),
           "log_loss": metrics.log_loss(y, proba, labels=labels)}
    if k == 2:
        for metric in ("precision", "recall", "f1"):
            out[metric] = getattr(metrics, metric + "_score")(y, pred, pos_label=positive, average="binary")
        if len(set(y.tolist())) == 2:
            out["roc_auc"] = metrics.roc_auc_score((y == positive).astype(int), proba[:, positive])
    else:
        for metric in ("precision", "recall", "f1"):
            out[metric] = getattr(metrics, metric + "_score")(y, pred, average="macro")
        if len(set(y.tolist())) == k:
            out["roc_auc"] = metrics.roc_auc_score(y, proba, multi_class="ovr")
    return out


def random_proba(n, k, decimals=None):
    raw = rng.dirichlet(np.ones(k), size=n)
    if decimals is not None:  # coarse scores make ties, which ROC AUC must handle
        raw = np.round(raw, decimals)
        raw[:, -1] = 1 - raw[:, :-1].sum(axis=1)
    return raw


regression = []
y = rng.normal(100, 15, 250)
regression.append(regression_case("normal noise", y, y + rng.normal(0, 5, 250)))
regression.append(regression_case("worse than the mean", y, rng.normal(0, 1, 250)))
regression.append(regression_case("constant truth, imperfect", [3, 3, 3, 3], [3, 4, 2, 3]))
regression.append(regression_case("constant truth, perfect", [3, 3, 3], [3, 3, 3]))
regression.append(regression_case("two rows", [1.5, -2.0], [1.0, -1.0]))
regression.append(regression_case("one row", [7.0], [5.5]))

classification = []
for n, k, decimals in ((300, 2, None), (120, 2, 1), (400, 3, None), (200, 4, 1), (60, 5, 2)):
    proba = random_proba(n, k, decimals)
    truth = np.array([rng.choice(k, p=row) for row in proba])  # informative, not perfect
    truth[:k] = np.arange(k)  # every class occurs
    pred = proba.argmax(axis=1)
    classification.append(classification_case(f"{k} classes, {n} rows, decimals={decimals}", k, truth, pred, proba))

# Predictions that are not the argmax (labels and scores from different rules).
proba = random_proba(150, 3)
classification.append(classification_case("labels not the argmax", 3, rng.integers(0, 3, 150), rng.integers(0, 3, 150), proba))
# A binary model that never predicts the positive class: precision divides by zero.
proba = np.column_stack([np.full(20, 0.8), np.full(20, 0.2)])
truth = np.array([0, 1] * 10)
classification.append(classification_case("never predicts positive", 2, truth, np.zeros(20, int), proba))
# Positive class 0 instead of 1.
proba = random_proba(80, 2)
truth = (rng.random(80) < proba[:, 1]).astype(int)
classification.append(classification_case("positive is the first class", 2, truth, proba.argmax(axis=1), proba, positive=0))
# Certain (0 and 1) probabilities, some wrong: log loss clips to [eps, 1 - eps].
proba = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
classification.append(classification_case("certain and wrong", 2, [0, 1, 1, 0, 1], proba.argmax(axis=1), proba))
# A multiclass model that never predicts class 2 (macro averages over present labels).
proba = random_proba(90, 3)
proba[:, 2] *= 0.1
proba /= proba.sum(axis=1, keepdims=True)
truth = np.array([rng.choice(3, p=row) for row in random_proba(90, 3)])
truth[:3] = [0, 1, 2]
classification.append(classification_case("one class never predicted", 3, truth, proba.argmax(axis=1), proba))
# A binary test set holding one class only: roc_auc is undefined.
proba = random_proba(10, 2)
classification.append(classification_case("one class only", 2, np.ones(10, int), proba.argmax(axis=1), proba))

json.dump({"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
           "regression": regression, "classification": classification}, sys.stdout)
