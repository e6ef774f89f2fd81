"""Reads an Arrow IPC file with pyarrow.ipc.open_file and pandas.read_feather and
prints what each sees, as JSON: {"pyarrow": ..., "pandas": ...}.
Usage: read_ipc.py PATH"""
import sys

import pandas as pd
import pyarrow as pa

from arrow_json import cell, describe, dump

path = sys.argv[1]
with pa.ipc.open_file(path) as reader:
    batches = reader.num_record_batches
    table = reader.read_all()
    table.validate(full=True)
frame = pd.read_feather(path)
dump({
    "pyarrow": describe(table, batches),
    "pandas": [[name, [cell(v, nan_is_null=True) for v in frame[name].astype(object).tolist()]] for name in frame.columns],
})
