"""Compares a table Sluice stored (Arrow IPC file) with pyarrow.csv.read_csv of the CSV it
came from: same column names, types and values (Sluice's categorical columns are compared
by their decoded strings). Prints "same" or the differences, one per line; exits 1 on any.
Usage: compare_with_pyarrow.py STORED.arrow SOURCE.csv [TARGET]"""
import sys

import pyarrow as pa
import pyarrow.csv as pacsv

stored_path, csv_path = sys.argv[1], sys.argv[2]
target = sys.argv[3] if len(sys.argv) > 3 else None
with pa.ipc.open_file(stored_path) as reader:
    stored = reader.read_all()
stored.validate(full=True)
expected = pacsv.read_csv(csv_path)

problems = []
if stored.column_names != expected.column_names:
    problems.append(f"columns: sluice {stored.column_names}, pyarrow {expected.column_names}")
for name in expected.column_names:
    if name not in stored.column_names:
        continue
    ours = stored.column(name)
    if pa.types.is_dictionary(ours.type):
        ours = ours.cast(ours.type.value_type)
    theirs = expected.column(name)
    if ours.type != theirs.type:
        problems.append(f"{name}: type {ours.type} in sluice, {theirs.type} in pyarrow")
        continue
    a, b = ours.to_pylist(), theirs.to_pylist()
    if a != b:
        first = next(i for i in range(min(len(a), len(b))) if a[i] != b[i]) if len(a) == len(b) else "length"
        problems.append(f"{name}: values differ (first at row {first})")
metadata = {k.decode(): v.decode() for k, v in (stored.schema.metadata or {}).items()}
if target is not None and metadata.get("sluice.target") != target:
    problems.append(f"metadata sluice.target is {metadata.get('sluice.target')!r}, expected {target!r}")
print("\n".join(problems) if problems else "same")
sys.exit(1 if problems else 0)
