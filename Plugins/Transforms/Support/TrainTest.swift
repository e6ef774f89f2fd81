import SluiceKit

/// The port pattern of the stages that learn from data (standardize, one_hot, impute):
/// fit on the required input `train`, apply to it and to the optional input `test`.
///
/// Every declared output must be written, so when `test` is not connected the `test`
/// output is an empty table (no rows) with the same columns and metadata as the
/// transformed `train`: downstream stages see the schema they expect.
struct TrainTest {
    let train: Table
    let test: Table?

    static let inputs = [
        Port("train", .table, description: "the rows the transform is fitted on, then transformed"),
        Port("test", .table, optional: true, description: "rows transformed with what was fitted on train (not fitted on)"),
    ]

    static let outputs = [
        Port("train", .table, description: "train, transformed"),
        Port("test", .table, description: "test, transformed (no rows when the test input is not connected)"),
    ]

    static func read(_ call: StageCall) throws -> TrainTest {
        TrainTest(train: try call.inputTable("train"), test: call.hasInput("test") ? try call.inputTable("test") : nil)
    }

    /// Both tables, with the names used in messages.
    var tables: [(name: String, table: Table)] {
        [("train", train)] + (test.map { [("test", $0)] } ?? [])
    }

    /// Writes the transformed tables; `test` nil writes the empty table described above.
    static func write(_ call: StageCall, train: Table, test: Table?) throws {
        try call.output("train", table: train)
        try call.output("test", table: test ?? train.emptied)
    }

    /// Fails when the train table has no rows to fit on.
    func requireRows(_ what: String) throws {
        guard train.rowCount > 0 else {
            throw StageError.invalidInput("the train table has no rows; \(what) needs rows to fit on. Check the stages before it (a filter that keeps nothing, an empty file)")
        }
    }
}

/// Writes a report to its output port and stores it as a named artifact. A fitted
/// transform's report has its own media type, by which the host composes it with the
/// models trained after it.
func publishReport(_ report: JSONText, port: String, artifact: String, mediaType: String = "application/json",
                   call: StageCall, host: HostServices) throws {
    let bytes = report.bytes
    try call.output(port, bytes: bytes, mediaType: mediaType)
    try host.writeArtifact(name: artifact, mediaType: mediaType, bytes: bytes)
}

/// The fitted report of a transform, parsed back, with errors that say what is wrong.
func parseFittedReport(_ artifact: [UInt8], what: String) throws -> JSONValue {
    let json: JSONValue
    do { json = try JSONValue.parse(artifact) } catch {
        throw StageError.invalidInput("the \(what) is not JSON: \(error)")
    }
    guard json["version"]?.doubleValue == 1 else {
        throw StageError(.unsupported, "the \(what) is not version 1; this plugin reads version 1")
    }
    return json
}

/// The column `name` of a table given to a fitted transform, which must have it.
func requireFitted(_ name: String, in table: Table, stage: String, tableName: String) throws -> Column {
    if let column = table[name] { return column }
    if tableName == "test" { return try ColumnLookup.requireInTest(name, in: table, stage: stage) }
    throw StageError.invalidInput(
        "the \(tableName) table has no column '\(name)', which \(stage) was fitted on; give it the same columns as the train table (its columns: \(ColumnLookup.listed(table.columnNames)))"
    )
}
