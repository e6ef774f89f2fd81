import SluiceArrow
import SluiceSupport
/// Scores a table file with a loaded model, streaming: reads a batch, predicts it
/// through the model capability, appends the input's columns (unless only the
/// predictions are wanted) and the prediction columns to the output, and moves on. So
/// memory holds one batch, whatever the size of the file. What `sluice predict` runs.
package struct BatchPredictor {
    package let model: LoadedModel
    package var batchSize: Int
    package var onlyPredictions: Bool

    package init(model: LoadedModel, batchSize: Int, onlyPredictions: Bool) {
        self.model = model
        self.batchSize = batchSize
        self.onlyPredictions = onlyPredictions
    }

    package struct Summary: Sendable {
        package let rows: Int
        package let batches: Int
    }

    package func run(input: String, output: String) throws -> Summary {
        let inputFormat = try TableFileFormat(path: input, role: "input")
        let outputFormat = try TableFileFormat(path: output, role: "output")
        let source: any BatchSource = switch inputFormat {
        case .csv: try CSVBatchReader(path: input, types: csvTypes, batchSize: batchSize)
        case .arrow: try ArrowFileBatchSource(path: input, batchSize: batchSize)
        }
        var sink: (any BatchSink)?
        var rows = 0, batches = 0
        var pending = try source.nextBatch()
        // An input without rows still gets an output with every column: the prediction
        // columns come from predicting the empty batch.
        if pending == nil { pending = try ArrowRecordBatch(length: 0, columns: source.schema.fields.map { try ArrowArrayData(.empty($0.type)) }) }
        while let batch = pending {
            let table = try ArrowTable(schema: source.schema, batches: [batch])
            let predictions = try model.predict(table)
            let predicted = try Self.single(predictions)
            if sink == nil {
                sink = try makeSink(output, outputFormat, input: source.schema, predictions: predictions.schema)
            }
            try sink!.append(try ArrowRecordBatch(length: batch.length, columns: (onlyPredictions ? [] : batch.columns) + predicted.columns))
            rows += batch.length
            batches += batch.length > 0 ? 1 : 0
            pending = try source.nextBatch()
        }
        try sink?.finish()
        return Summary(rows: rows, batches: batches)
    }

    /// CSV columns the model reads are parsed as the type it lists for them (what it
    /// was trained on: a one-hot step over integer categories must see int64, not
    /// float64); the rest stay text.
    private var csvTypes: [String: ArrowDataType] {
        Dictionary(model.summary.features.map { feature in
            let type: ArrowDataType = switch feature.type {
            case "bool": .bool
            case "utf8": .utf8
            case "int64", "int32": .int64
            default: .float64
            }
            return (feature.name, type)
        }, uniquingKeysWith: { a, _ in a })
    }

    private func makeSink(_ path: String, _ format: TableFileFormat, input: ArrowTableSchema, predictions: ArrowTableSchema) throws -> any BatchSink {
        if !onlyPredictions, let clash = predictions.fields.first(where: { input.index(of: $0.name) != nil }) {
            throw SluiceError(.predictColumnClash, at: path,
                              "the input already has a column '\(clash.name)', which the model's predictions would repeat; rename it in the input, or pass --only-predictions")
        }
        let fields = (onlyPredictions ? [] : input.fields) + predictions.fields
        // pandas' metadata describes the input's columns only; pandas reads the file as well without it.
        switch format {
        case .csv:
            return try CSVBatchWriter(path: path, columns: fields.map(\.name))
        case .arrow:
            return try ArrowIPCIncrementalWriter(path: path, schema: ArrowTableSchema(fields, metadata: onlyPredictions ? [:] : input.metadata.filter { $0.key != "pandas" }))
        }
    }

    /// The predictions as one batch (a plugin may return several chunks).
    private static func single(_ table: ArrowTable) throws -> ArrowRecordBatch {
        if table.batches.count == 1 { return table.batches[0] }
        let columns = try table.schema.fields.map { field in try ArrowArrayData(table.values(field.name)!) }
        return try ArrowRecordBatch(length: table.rowCount, columns: columns)
    }
}
