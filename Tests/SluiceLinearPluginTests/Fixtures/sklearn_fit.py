"""Fits scikit-learn on the Arrow files a test hands over and prints the fit as JSON.

usage: sklearn_fit.py MODEL TRAIN.arrow TEST.arrow TARGET FEATURES(comma-separated) PARAMS(JSON)
MODEL is linear, ridge or logistic; the test compares these numbers with sluice.linear's.
"""
import json
import sys

import numpy as np
import pyarrow.ipc as ipc
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge

model, train_path, test_path, target, features, params = sys.argv[1:7]
features = features.split(",")
params = json.loads(params)
train = ipc.open_file(train_path).read_all().to_pandas()
test = ipc.open_file(test_path).read_all().to_pandas()
x, y = train[features].to_numpy(dtype=np.float64), train[target].to_numpy()
fit_intercept = params.get("fit_intercept", True)
if model == "linear":
    fitted = LinearRegression(fit_intercept=fit_intercept).fit(x, y)
elif model == "ridge":
    fitted = Ridge(alpha=params.get("alpha", 1.0), fit_intercept=fit_intercept).fit(x, y)
else:
    # Converged far beyond the 1e-4 agreement the test asks for.
    fitted = LogisticRegression(C=params.get("C", 1.0), fit_intercept=fit_intercept, tol=1e-10, max_iter=10000).fit(x, y)
xt = test[features].to_numpy(dtype=np.float64)
out = {
    "sklearn": sklearn.__version__,
    "coef": np.atleast_2d(fitted.coef_).tolist(),
    "intercept": np.atleast_1d(fitted.intercept_).tolist(),
    "predictions": [v.item() if hasattr(v, "item") else v for v in fitted.predict(xt)],
}
if model == "logistic":
    out["classes"] = [str(c) for c in fitted.classes_]
    out["probabilities"] = fitted.predict_proba(xt).T.tolist()
print(json.dumps(out))
