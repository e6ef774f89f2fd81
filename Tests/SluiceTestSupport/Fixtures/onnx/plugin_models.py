"""Models for the sluice.onnx plugin tests, written into the folder given as argv[1]:
for each case a CSV table (raw features and the target), the ONNX model converted by
skl2onnx, and what onnxruntime predicts for every row of the table (`<case>_expected.csv`:
prediction and probability_<label> columns, as sluice.onnx names them).

- iris: StandardScaler + LogisticRegression on one float tensor of 4 features, text labels.
- credit: a ColumnTransformer (imputer and scaler for numbers, one-hot for text) and a
  GradientBoostingClassifier, one input tensor per column, NaNs in the numbers, 0/1 labels.
- houses: RandomForestRegressor on one float tensor, the column names stored by
  the script in the model's metadata (sluice.features), as a training script may do.
- unsupported: a graph with an Einsum node, which sluice.onnx refuses by name.
"""
import json
import sys

import numpy as np
import onnxruntime as ort
import pandas as pd
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_iris
from sklearn.ensemble import GradientBoostingClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

out = sys.argv[1]


def run(model_bytes, feeds):
    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def expected_frame(label, probabilities, classes):
    frame = pd.DataFrame({"prediction": label})
    if isinstance(probabilities, list):  # ZipMap: one dict per row
        for c in classes:
            frame[f"probability_{c}"] = [row[c] for row in probabilities]
    else:
        for j, c in enumerate(classes):
            frame[f"probability_{c}"] = probabilities[:, j]
    return frame


def write(name, table, model, expected):
    table.to_csv(f"{out}/{name}.csv", index=False)
    with open(f"{out}/{name}.onnx", "wb") as f:
        f.write(model.SerializeToString())
    expected.to_csv(f"{out}/{name}_expected.csv", index=False, float_format="%.9g")


# iris: one [N, 4] float tensor, string labels
iris = load_iris(as_frame=True)
features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
x = iris.data.set_axis(features, axis=1)
species = np.array(iris.target_names)[iris.target]
pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression(max_iter=500))]).fit(x, species)
model = convert_sklearn(pipe, initial_types=[("X", FloatTensorType([None, 4]))], target_opset={"": 17, "ai.onnx.ml": 3})
label, probabilities = run(model.SerializeToString(), {"X": x.to_numpy(np.float32)})
write("iris", x.assign(species=species), model, expected_frame(label, probabilities, list(pipe.classes_)))

# credit: one tensor per column, numbers with NaNs, text categories, 0/1 labels
rng = np.random.default_rng(7)
n = 300
credit = pd.DataFrame({
    "age": rng.integers(18, 80, n).astype(float),
    "income": rng.normal(50, 15, n).round(2),
    "region": rng.choice(["north", "south", "east", "west"], n),
    "employment": rng.choice(["salaried", "self", "none"], n),
})
credit.loc[rng.choice(n, 20, replace=False), "income"] = np.nan
score = 0.04 * (credit["age"] - 45) + 0.05 * (credit["income"].fillna(50) - 50) + (credit["region"] == "north") * 0.8
credit["approved"] = (score + rng.normal(0, 0.7, n) > 0).astype(int)
numbers, texts = ["age", "income"], ["region", "employment"]
pipe = Pipeline([
    ("prep", ColumnTransformer([
        ("num", Pipeline([("impute", SimpleImputer()), ("scale", StandardScaler())]), numbers),
        ("cat", OneHotEncoder(handle_unknown="ignore"), texts),
    ])),
    ("clf", GradientBoostingClassifier(n_estimators=40, max_depth=3, random_state=0)),
]).fit(credit[numbers + texts], credit["approved"])
types = [(c, FloatTensorType([None, 1])) for c in numbers] + [(c, StringTensorType([None, 1])) for c in texts]
model = convert_sklearn(pipe, initial_types=types, target_opset={"": 17, "ai.onnx.ml": 3})
feeds = {c: credit[[c]].to_numpy(np.float32) for c in numbers} | {c: credit[[c]].to_numpy(str) for c in texts}
label, probabilities = run(model.SerializeToString(), feeds)
write("credit", credit, model, expected_frame(label, probabilities, list(pipe.classes_)))

# houses: one [N, 3] float tensor, regression, names in the metadata
houses = pd.DataFrame({"rooms": rng.integers(1, 8, 200).astype(float), "area": rng.normal(90, 30, 200).round(1), "age": rng.integers(0, 60, 200).astype(float)})
houses["price"] = 20 * houses["rooms"] + 1.5 * houses["area"] - 0.8 * houses["age"] + rng.normal(0, 10, 200)
columns = ["rooms", "area", "age"]
reg = RandomForestRegressor(n_estimators=30, max_depth=6, random_state=0).fit(houses[columns].to_numpy(np.float32), houses["price"])
model = convert_sklearn(reg, initial_types=[("input", FloatTensorType([None, 3]))], target_opset={"": 17, "ai.onnx.ml": 3})
entry = model.metadata_props.add()
entry.key, entry.value = "sluice.features", json.dumps(columns)
(variable,) = run(model.SerializeToString(), {"input": houses[columns].to_numpy(np.float32)})
write("houses", houses, model, pd.DataFrame({"prediction": variable.reshape(-1)}))
# unsupported: a graph with an operator the interpreter does not implement (Einsum)
from onnx import TensorProto, helper

graph = helper.make_graph(
    [helper.make_node("Einsum", ["X", "X"], ["Y"], equation="ij,ij->i", name="pairwise")],
    "unsupported",
    [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 2])],
    [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None])],
)
with open(f"{out}/unsupported.onnx", "wb") as f:
    f.write(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString())
print("ok")
