"""Writes an Arrow IPC file or stream with pyarrow or pandas and prints what pyarrow
reads back from it, as JSON. Usage: write_ipc.py KIND PATH, where KIND is one of:
  feather      pyarrow.feather.write_feather, uncompressed, every host type, 3 chunks
  ipc-file     pyarrow.ipc.new_file, several batches, dictionary deltas
  pandas       DataFrame.to_feather: large strings, a Categorical with int8 indices
  stream       pyarrow.ipc.new_stream, a dictionary replaced between batches
  lz4          write_feather with its default compression (LZ4 frames), 3 chunks
  pandas-lz4   DataFrame.to_feather with its default compression (LZ4 frames)
  lz4-stream   pyarrow.ipc.new_stream with LZ4 compression, one batch
  zstd         write_feather with ZSTD compression, 3 chunks
  unsupported  a column of each of a few types Sluice does not hold
"""
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from arrow_json import describe, dump

kind, path = sys.argv[1], sys.argv[2]


def every_type(rows):
    return pa.table({
        "f64": pa.array([1.5 * i if i % 4 else None for i in range(rows)], pa.float64()),
        "f32": pa.array([0.25 * i if i % 5 else None for i in range(rows)], pa.float32()),
        "i64": pa.array([(-1) ** i * (2 ** 40 + i) if i % 3 else None for i in range(rows)], pa.int64()),
        "i32": pa.array([i - 3 if i % 6 else None for i in range(rows)], pa.int32()),
        "flag": pa.array([i % 2 == 0 if i % 7 else None for i in range(rows)], pa.bool_()),
        "name": pa.array(["row %d ✓ é 東京" % i if i % 3 else None for i in range(rows)], pa.string()),
        "city": pa.array(["Oslo", "Lima", None, "Pune", "Oslo"] * (rows // 5), pa.string()).dictionary_encode(),
    }, metadata={"producer": "pyarrow"})


if kind == "feather":
    table = every_type(20)
    feather.write_feather(table, path, compression="uncompressed", chunksize=8)
elif kind == "ipc-file":
    schema = pa.schema([("x", pa.float64()), ("tag", pa.dictionary(pa.int32(), pa.string()))])
    options = pa.ipc.IpcWriteOptions(emit_dictionary_deltas=True)
    categories = ["a", "b", "c", "d"]
    with pa.ipc.new_file(path, schema, options=options) as writer:
        for number in range(3):
            known = pa.array(categories[: number + 2])
            tags = pa.DictionaryArray.from_arrays(pa.array([number % 2, None, number + 1], pa.int32()), known)
            writer.write_batch(pa.record_batch([pa.array([number, number + 0.5, None]), tags], schema=schema))
elif kind == "pandas":
    frame = pd.DataFrame({
        "price": [1.0, None, 3.25, 4.0],
        "rooms": [1, 2, 3, 4],
        "street": ["Main", None, "Elm", "Ålgatan"],
        "kind": pd.Categorical(["flat", "house", None, "flat"], categories=["flat", "house"], ordered=True),
    })
    frame.to_feather(path, compression="uncompressed")
elif kind == "stream":
    schema = pa.schema([("tag", pa.dictionary(pa.int32(), pa.string())), ("n", pa.int64())])
    with pa.ipc.new_stream(path, schema) as writer:
        for categories in (["x", "y"], ["z"]):
            tags = pa.DictionaryArray.from_arrays(pa.array([0, len(categories) - 1], pa.int32()), pa.array(categories))
            writer.write_batch(pa.record_batch([tags, pa.array([1, 2], pa.int64())], schema=schema))
elif kind == "lz4":
    feather.write_feather(every_type(20), path, chunksize=8)
elif kind == "pandas-lz4":
    every_type(20).to_pandas().to_feather(path)
elif kind == "lz4-stream":
    table = every_type(20)
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with pa.ipc.new_stream(path, table.schema, options=options) as writer:
        writer.write_table(table)
elif kind == "zstd":
    feather.write_feather(every_type(20), path, compression="zstd", chunksize=8)
elif kind == "unsupported":
    feather.write_feather(pa.table({
        "ok": pa.array([1.0]),
        "when": pa.array([0], pa.timestamp("ms")),
    }), path, compression="uncompressed")
else:
    sys.exit("unknown kind " + kind)

if kind == "unsupported":
    dump({})  # Sluice must refuse these files: there is nothing to compare.
elif kind == "lz4-stream":
    with pa.ipc.open_stream(path) as reader:
        dump(describe(reader.read_all(), 1))
elif kind == "stream":
    with pa.ipc.open_stream(path) as reader:
        batches = list(reader)
    # Each batch keeps its own dictionary; decode them before putting them together.
    table = pa.Table.from_batches([
        pa.record_batch([b.column(0).cast(pa.string()), b.column(1)], names=["tag", "n"]) for b in batches
    ])
    dump(describe(table, len(batches)))
else:
    with pa.ipc.open_file(path) as reader:
        dump(describe(reader.read_all(), reader.num_record_batches))
