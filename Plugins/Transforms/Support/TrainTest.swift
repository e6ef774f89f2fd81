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

/// Writes a report to its output port and stores it as a named artifact, for serving.
func publishReport(_ report: JSONText, port: String, artifact: String, call: StageCall, host: HostServices) throws {
    let bytes = report.bytes
    try call.output(port, bytes: bytes, mediaType: "application/json")
    try host.writeArtifact(name: artifact, mediaType: "application/json", bytes: bytes)
}
