import SluiceKit

/// Turns the requests of a log window into the `predictions` stage's two tables:
/// `features` (the model's inputs, then its outputs, one row per predicted row) and
/// `log` (the same, plus where each row came from).
struct PredictionTables {
    /// The columns the log adds to the features in `log`, in this order.
    static let logColumns = ["time", "version", "request_id", "row", "endpoint"]

    private var inputs: [LogColumnBuilder] = []
    private var outputs: [LogColumnBuilder] = []
    /// Where a column name is: (is an output, index).
    private var index: [String: (output: Bool, at: Int)] = [:]
    private var time = LogColumnBuilder(name: "time")
    private var version = LogColumnBuilder(name: "version")
    private var requestID = LogColumnBuilder(name: "request_id")
    private var endpoint = LogColumnBuilder(name: "endpoint")
    private var row: [Int64] = []
    /// Which columns the current entry filled, by generation: avoids a set per entry.
    private var filledInputs: [Int] = [], filledOutputs: [Int] = []
    private var generation = 0

    private(set) var rows = 0
    private(set) var requests = 0

    /// Adds the window's rows of one request.
    mutating func add(_ slice: PredictionLogReader.Slice) throws {
        let entry = slice.entry, range = slice.rows, location = slice.location
        generation += 1
        for (isOutput, columns) in [(false, entry.inputs), (true, entry.outputs)] {
            for column in columns {
                let position = builder(column.name, output: isOutput)
                if position.output {
                    try outputs[position.at].append(column.values[range], at: location)
                    filledOutputs[position.at] = generation
                } else {
                    try inputs[position.at].append(column.values[range], at: location)
                    filledInputs[position.at] = generation
                }
            }
        }
        // Columns this request did not have are null for its rows.
        for at in inputs.indices where filledInputs[at] != generation { inputs[at].appendNulls(range.count) }
        for at in outputs.indices where filledOutputs[at] != generation { outputs[at].appendNulls(range.count) }

        try time.append(.string(entry.time), repeating: range.count, at: location)
        try version.append(.string(entry.version), repeating: range.count, at: location)
        try requestID.append(entry.requestID.map(LogValue.string) ?? .null, repeating: range.count, at: location)
        try endpoint.append(entry.endpoint.map(LogValue.string) ?? .null, repeating: range.count, at: location)
        row.append(contentsOf: range.map(Int64.init))
        rows += range.count
        requests += 1
    }

    /// Declares the columns of `slice`'s request (with their types) without adding rows:
    /// an empty window keeps the log's columns.
    mutating func addColumns(of slice: PredictionLogReader.Slice) throws {
        for (isOutput, columns) in [(false, slice.entry.inputs), (true, slice.entry.outputs)] {
            for column in columns {
                let position = builder(column.name, output: isOutput)
                if position.output {
                    outputs[position.at].learnType(from: column.values, at: slice.location)
                } else {
                    inputs[position.at].learnType(from: column.values, at: slice.location)
                }
            }
        }
        // The log's own columns are text, even with no row to show it.
        time.learnType(from: [.string("")], at: slice.location)
        version.learnType(from: [.string("")], at: slice.location)
        requestID.learnType(from: [.string("")], at: slice.location)
        endpoint.learnType(from: [.string("")], at: slice.location)
    }

    /// The two tables, each with `metadata`.
    func tables(metadata: [String: String]) throws -> (features: Table, log: Table) {
        let features = try (inputs + outputs).map { try $0.column() }
        if let clash = features.first(where: { Self.logColumns.contains($0.name) }) {
            throw StageError.invalidInput("the model has a column named '\(clash.name)', which the `log` table uses for where each row came from (\(Self.logColumns.joined(separator: ", "))); rename that column of the model")
        }
        let log = features + [
            try time.column(), try version.column(), try requestID.column(),
            try Column("row", int64: row), try endpoint.column(),
        ]
        return (try Table(features, metadata: metadata), try Table(log, metadata: metadata))
    }

    /// The builder of column `name`, created (with nulls for the rows so far) when new.
    private mutating func builder(_ name: String, output: Bool) -> (output: Bool, at: Int) {
        if let known = index[name] { return known }
        var column = LogColumnBuilder(name: name)
        column.appendNulls(rows)
        let position: (output: Bool, at: Int)
        if output {
            position = (true, outputs.count)
            outputs.append(column)
            filledOutputs.append(0)
        } else {
            position = (false, inputs.count)
            inputs.append(column)
            filledInputs.append(0)
        }
        index[name] = position
        return position
    }
}
