"""Shared by the interop scripts: a table's schema and values as JSON that the Swift
tests compare with their own. Nulls become null; dictionary columns become their
decoded strings; floats become {"f": repr(value)} so that JSON keeps -0.0, NaN and
infinities and a float is never mistaken for an integer."""
import json
import math

import pyarrow as pa


def cell(value, nan_is_null=False):
    """pandas stands NaN (and NA, NaT) in for null: pass nan_is_null for its values."""
    try:
        import numpy as np
        if isinstance(value, np.generic):
            value = value.item()
    except ImportError:
        pass
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, float):
        return None if nan_is_null and math.isnan(value) else {"f": repr(value)}
    return value


def decoded(column):
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return [cell(v) for v in column.to_pylist()]


def describe(table, batches=None):
    def text(metadata):
        return {k.decode(): v.decode() for k, v in (metadata or {}).items()}
    return {
        "schema": [
            {"name": f.name, "type": str(f.type), "nullable": f.nullable, "metadata": text(f.metadata)}
            for f in table.schema
        ],
        "metadata": text(table.schema.metadata),
        "batches": batches,
        "columns": [[name, decoded(table.column(i))] for i, name in enumerate(table.column_names)],
    }


def dump(value):
    print(json.dumps(value, ensure_ascii=False))
