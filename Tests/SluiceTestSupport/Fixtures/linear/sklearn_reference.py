"""Reference fits for the SluiceLinear tests, computed by scikit-learn on its bundled datasets.

Prints one JSON document on stdout: {"versions": {...}, "datasets": {name: {"x": rows, "y": labels}},
"cases": [...]}. Every case names its dataset, model and parameters and holds what scikit-learn
fitted. The logistic datasets are standardised with StandardScaler first, and the standardised
matrix is what is printed. Run by Tests/SluiceLinearTests with the project's .venv python
(scripts/install-deps.sh creates it).
"""
import json
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("error")  # a convergence warning must not pass unnoticed


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def rows(a):
    return [floats(r) for r in np.asarray(a, dtype=np.float64)]


datasets = {}
cases = []

diabetes = load_diabetes()
datasets["diabetes"] = {"x": rows(diabetes.data), "y": floats(diabetes.target)}
X, y = diabetes.data, diabetes.target


def add_regression(model_name, model, fit_intercept, alpha=None):
    model.fit(X, y)
    case = {
        "dataset": "diabetes",
        "model": model_name,
        "fit_intercept": fit_intercept,
        "coef": floats(model.coef_),
        "intercept": float(model.intercept_),
        "predictions": floats(model.predict(X)),
    }
    if alpha is not None:
        case["alpha"] = alpha
    cases.append(case)


add_regression("linear", LinearRegression(), True)
add_regression("linear", LinearRegression(fit_intercept=False), False)
for alpha, fit_intercept in [(1.0, True), (0.01, True), (25.0, True), (1.0, False)]:
    add_regression("ridge", Ridge(alpha=alpha, fit_intercept=fit_intercept), fit_intercept, alpha)


def named_labels(bunch):
    # String labels, so that the tests also check that classes are the sorted labels
    # (for breast_cancer, "benign" < "malignant" reverses the numeric coding).
    return np.asarray(bunch.target_names)[bunch.target]


logistic_data = {
    "breast_cancer": (load_breast_cancer(), True),
    "iris": (load_iris(), False),
    "wine": (load_wine(), True),
}
for name, (bunch, strings) in logistic_data.items():
    Xs = StandardScaler().fit_transform(bunch.data)
    labels = named_labels(bunch) if strings else bunch.target
    datasets[name] = {"x": rows(Xs), "y": [str(v) if strings else int(v) for v in labels]}

for name, C, fit_intercept in [
    ("breast_cancer", 1.0, True),
    ("breast_cancer", 0.05, True),
    ("breast_cancer", 1.0, False),
    ("iris", 1.0, True),
    ("iris", 10.0, True),
    ("iris", 1.0, False),
    ("wine", 0.5, True),
]:
    Xs = np.asarray(datasets[name]["x"])
    labels = np.asarray(datasets[name]["y"])
    model = LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-10, max_iter=10000)
    model.fit(Xs, labels)
    # scikit-learn's lbfgs also stops on a relative decrease of 64 eps, which leaves a gradient
    # of about 1e-8; its newton-cholesky solver converges to machine precision: a second,
    # tighter reference for the same (unique) optimum.
    tight = LogisticRegression(C=C, fit_intercept=fit_intercept, tol=1e-14, max_iter=1000,
                               solver="newton-cholesky")
    tight.fit(Xs, labels)
    cases.append({
        "dataset": name,
        "model": "logistic",
        "C": C,
        "fit_intercept": fit_intercept,
        "classes": [str(c) if isinstance(c, str) else int(c) for c in model.classes_.tolist()],
        "coef": rows(model.coef_),
        "intercept": floats(model.intercept_),
        "n_iter": int(model.n_iter_.max()),
        "proba": rows(model.predict_proba(Xs)),
        "predictions": [str(v) if isinstance(v, str) else int(v) for v in model.predict(Xs).tolist()],
        "tight": {
            "coef": rows(tight.coef_),
            "intercept": floats(tight.intercept_),
            "proba": rows(tight.predict_proba(Xs)),
        },
    })

json.dump({
    "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
    "datasets": datasets,
    "cases": cases,
}, sys.stdout)
