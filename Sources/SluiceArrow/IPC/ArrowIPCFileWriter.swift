import SluiceSupport
/// Writes Arrow IPC files (Feather V2) that pyarrow, pandas, polars and DuckDB open as
/// they are: little-endian, metadata V5, uncompressed unless asked (LZ4 or ZSTD body
/// compression, as pyarrow's `compression=`), each body and each buffer aligned to 64
/// bytes, through a temporary file renamed into place.
package enum ArrowIPCFileWriter {
    /// Writes `table` to `path`, replacing any file there only once the new one is
    /// complete and on disk. Throws `arrow.io` when the file system refuses.
    package static func write(_ table: ArrowTable, to path: String, compression: ArrowIPCCompression? = nil) throws {
        try write(table, into: AtomicFileSink(path: path), compression: compression)
    }

    /// Writes `table` into the empty file open as `descriptor` (left open): a
    /// shared-memory file no other process sees until it is handed over.
    package static func write(_ table: ArrowTable, toDescriptor descriptor: Int32, path: String) throws {
        try write(table, into: AtomicFileSink(unseen: descriptor, path: path), compression: nil)
    }

    private static func write(_ table: ArrowTable, into sink: AtomicFileSink, compression: ArrowIPCCompression?) throws {
        let plan = try ArrowIPCDictionaryPlan(table)
        let schema = ArrowIPCSchemaEncoder.schema(table.schema)

        try sink.write(ArrowIPC.magic + [0, 0])
        _ = try writeMessage(.schema, header: schema, body: ArrowIPCBody(), to: sink)
        var dictionaryBlocks: [UInt8] = []
        var dictionaryCount = 0
        for (column, dictionary) in plan.dictionaries.sorted(by: { $0.key < $1.key }) {
            var body = ArrowIPCBody(compression: compression)
            body.add(dictionary)
            let header = FlatTableValue([
                (ArrowIPC.DictionaryBatch.id, .int64(Int64(column))),  // The id the schema encoder gave the column.
                (ArrowIPC.DictionaryBatch.data, .table(recordBatch(length: dictionary.length, body))),
            ])
            dictionaryBlocks += try writeMessage(.dictionaryBatch, header: header, body: body, to: sink)
            dictionaryCount += 1
        }
        var batchBlocks: [UInt8] = []
        for batch in plan.batches {
            var body = ArrowIPCBody(compression: compression)
            for column in batch.columns { body.add(column) }
            batchBlocks += try writeMessage(.recordBatch, header: recordBatch(length: batch.length, body), body: body, to: sink)
        }
        // End-of-stream marker: the messages before the footer form a valid stream.
        try sink.write(ArrowIPC.continuation)
        try sink.write(UInt32(0))

        let footer = FlatBufferBuilder.serialize(FlatTableValue([
            (ArrowIPC.Footer.version, .int16(ArrowIPC.metadataV5)),
            (ArrowIPC.Footer.schema, .table(schema)),
            (ArrowIPC.Footer.dictionaries, .structs(bytes: dictionaryBlocks, count: dictionaryCount, alignment: 8)),
            (ArrowIPC.Footer.recordBatches, .structs(bytes: batchBlocks, count: plan.batches.count, alignment: 8)),
        ]))
        try sink.write(footer)
        try sink.write(Int32(footer.count))
        try sink.write(ArrowIPC.magic)
        try sink.commit()
    }

    package static func recordBatch(length: Int, _ body: ArrowIPCBody) -> FlatTableValue {
        var fields: [(Int, FlatValue?)] = [
            (ArrowIPC.RecordBatch.length, .int64(Int64(length))),
            (ArrowIPC.RecordBatch.nodes, body.nodeStructs),
            (ArrowIPC.RecordBatch.buffers, body.bufferStructs),
        ]
        if let compression = body.compression { fields.append((ArrowIPC.RecordBatch.compression, .table(compression.bodyCompression))) }
        return FlatTableValue(fields)
    }

    /// Writes one encapsulated message and returns its footer Block (24 bytes).
    package static func writeMessage(_ kind: ArrowIPC.Header, header: FlatTableValue, body: ArrowIPCBody, to sink: AtomicFileSink) throws -> [UInt8] {
        let metadata = FlatBufferBuilder.serialize(FlatTableValue([
            (ArrowIPC.Message.version, .int16(ArrowIPC.metadataV5)),
            (ArrowIPC.Message.headerType, .uint8(kind.rawValue)),
            (ArrowIPC.Message.header, .table(header)),
            (ArrowIPC.Message.bodyLength, .int64(Int64(body.length))),
        ]))
        let start = sink.position
        // Pad the metadata (a multiple of 8 already) so the body starts 64-byte aligned
        // in the file: mapped buffers are then cache-line aligned too.
        var padded = metadata.count
        while (start + 8 + padded) % ArrowIPC.bodyAlignment != 0 { padded += 8 }
        try sink.write(ArrowIPC.continuation)
        try sink.write(Int32(padded))
        try sink.write(metadata)
        try sink.writeZeros(padded - metadata.count)
        try body.write(to: sink)

        var block: [UInt8] = []
        block.appendLittleEndian(Int64(start))
        block.appendLittleEndian(Int32(8 + padded))
        block.appendLittleEndian(Int32(0))  // Block's padding.
        block.appendLittleEndian(Int64(body.length))
        return block
    }
}
