"""MLflow side of the metric-logging benchmark (Benchmarks/pipelines/run.sh).

    python mlflow_metrics.py STORE_DIR [COUNT]

Opens a fresh sqlite tracking store in STORE_DIR (deleted first) and creates an
experiment (not timed), then, each in its own run:
  single: COUNT x mlflow.log_metric("loss", v, step=i)      (one call per value)
  batch:  MlflowClient.log_batch(run_id, metrics=[Metric(...) x 1,000]) per 1,000 values,
          the Metric objects built inside the timed loop
as in the peer baselines (P3 a and b). start_run/end_run are not timed. Prints one JSON
line: {"single_s": ..., "batch_s": ..., "count": ..., "mlflow": version, "checked": rows}.
"""
import json
import os
import random
import shutil
import sys
import time

store_dir = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
shutil.rmtree(store_dir, ignore_errors=True)
os.makedirs(store_dir)

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric  # noqa: E402

mlflow.set_tracking_uri(f"sqlite:///{os.path.abspath(store_dir)}/mlflow.db")
experiment = mlflow.create_experiment("bench", artifact_location=f"file://{os.path.abspath(store_dir)}/artifacts")
rng = random.Random(3)
values = [rng.random() for _ in range(count)]
client = MlflowClient()

with mlflow.start_run(experiment_id=experiment) as run:
    started = time.perf_counter()
    for i, v in enumerate(values):
        mlflow.log_metric("loss", v, step=i)
    single = time.perf_counter() - started
    single_run = run.info.run_id

with mlflow.start_run(experiment_id=experiment) as run:
    started = time.perf_counter()
    for chunk in range(0, count, 1000):
        ts = int(time.time() * 1000)
        client.log_batch(run.info.run_id,
                         metrics=[Metric("loss", values[i], ts, i) for i in range(chunk, min(chunk + 1000, count))])
    batch = time.perf_counter() - started
    batch_run = run.info.run_id

checked = [len(client.get_metric_history(r, "loss")) for r in (single_run, batch_run)]
print(json.dumps({"single_s": single, "batch_s": batch, "count": count,
                  "mlflow": mlflow.__version__, "checked": checked}))
