import Foundation
import Testing

/// `sluice.drift/predictions` through the host: a window of a served model's prediction
/// log (format: Sources/SluiceServe/PredictionLog.md) as `features` and `log` tables.
@Suite struct PredictionsStageTests {
    typealias Log = PredictionLogFixture
    static let now = Date()

    static func config(_ log: Log, _ extra: String = "") -> String {
        #"{"model": "house", "directory": "\#(log.directory)"\#(extra.isEmpty ? "" : ", " + extra)}"#
    }

    static func request(minutesAgo: Double, id: String? = nil, version: String = "1", sqft: [LogCell], city: [LogCell]? = nil) -> String {
        let cities = city ?? Array(repeating: "Oslo", count: sqft.count)
        let predictions = sqft.map { cell -> LogCell in if case .number(let x) = cell { .number(x * 100) } else { .null } }
        return Log.line(time: now.addingTimeInterval(-minutesAgo * 60), version: version, requestID: id,
                        inputs: ["sqft": sqft, "city": cities], outputs: ["prediction": predictions])
    }

    @Test func theWholeLogBecomesFeaturesThenOutputsAndALogWithWhereEachRowCameFrom() throws {
        let log = try Log()
        defer { log.remove() }
        try log.write([
            Log.line(time: Self.now.addingTimeInterval(-60), version: "3", endpoint: "infer", requestID: "a",
                     inputs: ["sqft": [1200.0, nil], "city": ["Oslo", "Lima"], "garden": [true, false]],
                     outputs: ["prediction": ["cheap", "dear"], "probability_cheap": [0.75, 0.25], "probability_dear": [0.25, 0.75]]),
            Log.line(time: Self.now, version: "4",
                     inputs: ["sqft": [880], "city": [nil], "garden": [nil]],
                     outputs: ["prediction": ["cheap"], "probability_cheap": [1.0], "probability_dear": [0.0]]),
        ])
        let run = try PluginStage.run("predictions", Self.config(log))
        let features = try run.table("features")
        #expect(features.schema.fields.map(\.name) == ["sqft", "city", "garden", "prediction", "probability_cheap", "probability_dear"])
        #expect(features.values("sqft") == .float64([1200, nil, 880]), "integers and floats alike are float64")
        #expect(features.values("city") == .utf8(["Oslo", "Lima", nil]))
        #expect(features.values("garden") == .bool([true, false, nil]))
        #expect(features.values("prediction") == .utf8(["cheap", "dear", "cheap"]))
        #expect(features.values("probability_dear") == .float64([0.25, 0.75, 0]))
        #expect(features.schema.metadata["sluice.model"] == "house")
        #expect(features.schema.metadata["sluice.window"] == nil, "no window configured")

        let table = try run.table("log")
        #expect(table.schema.fields.map(\.name) == features.schema.fields.map(\.name) + ["time", "version", "request_id", "row", "endpoint"])
        #expect(table.values("version") == .utf8(["3", "3", "4"]))
        #expect(table.values("request_id") == .utf8(["a", "a", nil]), "null when the request had no id")
        #expect(table.values("row") == .int64([0, 1, 0]))
        #expect(table.values("endpoint") == .utf8(["infer", "infer", "invocations"]))
        #expect(table.values("time") == .utf8([Log.timestamp(Self.now.addingTimeInterval(-60)), Log.timestamp(Self.now.addingTimeInterval(-60)), Log.timestamp(Self.now)]))
        #expect(table.schema.metadata["sluice.model"] == "house")
        #expect(run.metrics["predictions.rows"] == 3)
        #expect(run.metrics["predictions.requests"] == 2)
    }

    @Test func theStageIsVolatileSoTheHostNeverReusesALoadedWindow() throws {
        let info = try PluginStage.info("predictions")
        #expect(info.volatile)
        #expect(info.kind == .loader)
    }

    @Test func aDurationWindowKeepsTheRequestsMadeWithinItBeforeNow() throws {
        let log = try Log()
        defer { log.remove() }
        try log.write(file: "predictions-20260101T000000Z-0001.jsonl", [
            Self.request(minutesAgo: 180, id: "old", sqft: [1.0]),
            Self.request(minutesAgo: 50, id: "recent", sqft: [2.0, 3.0]),
        ])
        try log.write(file: "predictions-20260101T010000Z-0002.jsonl", [Self.request(minutesAgo: 1, id: "now", sqft: [4.0])])
        let run = try PluginStage.run("predictions", Self.config(log, #""window": "1h""#))
        let table = try run.table("log")
        #expect(table.values("request_id") == .utf8(["recent", "recent", "now"]))
        #expect(table.values("sqft") == .float64([2, 3, 4]))
        #expect(table.schema.metadata["sluice.window"] == "1h")
        #expect(try run.table("features").schema.metadata["sluice.window"] == "1h")
        #expect(try PluginStage.run("predictions", Self.config(log, #""window": "90s""#)).table("log").values("request_id") == .utf8(["now"]))
        #expect(try PluginStage.run("predictions", Self.config(log, #""window": "7d""#)).metrics["predictions.rows"] == 4)
    }

    @Test func filesLastWrittenBeforeTheWindowAreNotEvenRead() throws {
        let log = try Log()
        defer { log.remove() }
        // Unreadable, but last written two days ago: a one-hour window never opens it.
        try log.write(file: "predictions-20260101T000000Z-0001.jsonl", ["not json"], modified: Self.now.addingTimeInterval(-2 * 86_400))
        try log.write(file: "predictions-20260103T000000Z-0002.jsonl", [Self.request(minutesAgo: 5, sqft: [7.0])])
        let run = try PluginStage.run("predictions", Self.config(log, #""window": "1h""#))
        #expect(try run.table("features").values("sqft") == .float64([7]))
        // Without a window, the whole log is read and the bad line reported.
        let failure = try #require(try PluginStage.failure("predictions", Self.config(log)))
        #expect(failure.error.message.contains("predictions-20260101T000000Z-0001.jsonl:1:"))
    }

    @Test func aRowWindowKeepsTheLastRowsAcrossFilesCuttingTheOldestRequest() throws {
        let log = try Log()
        defer { log.remove() }
        try log.write(file: "predictions-20260101T000000Z-0001.jsonl", [
            Self.request(minutesAgo: 30, id: "a", sqft: [1.0, 2.0]),
            Self.request(minutesAgo: 20, id: "b", sqft: [3.0, 4.0, 5.0]),
        ])
        try log.write(file: "predictions-20260101T010000Z-0002.jsonl", [Self.request(minutesAgo: 10, id: "c", sqft: [6.0])])
        let run = try PluginStage.run("predictions", Self.config(log, #""window": 3"#))
        let table = try run.table("log")
        #expect(table.values("sqft") == .float64([4, 5, 6]))
        #expect(table.values("request_id") == .utf8(["b", "b", "c"]))
        #expect(table.values("row") == .int64([1, 2, 0]), "rows keep their index within the request")
        #expect(table.schema.metadata["sluice.window"] == "3")
        #expect(run.metrics["predictions.requests"] == 2)
        #expect(try PluginStage.run("predictions", Self.config(log, #""window": 100"#)).metrics["predictions.rows"] == 6)
    }

    @Test func versionKeepsOnlyThePredictionsThatVersionAnswered() throws {
        let log = try Log()
        defer { log.remove() }
        try log.write([
            Self.request(minutesAgo: 3, id: "primary", version: "3", sqft: [1.0]),
            Self.request(minutesAgo: 2, id: "canary", version: "4", sqft: [2.0, 3.0]),
            Self.request(minutesAgo: 1, id: "primary2", version: "3", sqft: [4.0]),
        ])
        let table = try PluginStage.run("predictions", Self.config(log, #""version": "4""#)).table("log")
        #expect(table.values("request_id") == .utf8(["canary", "canary"]))
        // YAML reads `version: 3` as a number.
        let numeric = try PluginStage.run("predictions", Self.config(log, #""version": 3, "window": 1"#)).table("log")
        #expect(numeric.values("request_id") == .utf8(["primary2"]), "the last row of version 3")
    }

    @Test func anUnfinishedLastLineIsLeftOutAsALineStillBeingWritten() throws {
        let log = try Log()
        defer { log.remove() }
        let whole = Self.request(minutesAgo: 2, id: "whole", sqft: [1.0])
        let torn = String(Self.request(minutesAgo: 1, id: "torn", sqft: [2.0]).prefix(40))
        try log.write([whole], torn: torn)
        let run = try PluginStage.run("predictions", Self.config(log))
        #expect(try run.table("log").values("request_id") == .utf8(["whole"]))
        #expect(run.logs(.warning).isEmpty, "the newest file is being written: no warning")
        // A whole line without its newline is still unfinished as far as the reader knows.
        try log.write([whole], torn: Self.request(minutesAgo: 1, id: "complete-but-no-newline", sqft: [2.0]))
        #expect(try PluginStage.run("predictions", Self.config(log)).table("log").values("request_id") == .utf8(["whole"]))
    }

    @Test func aMalformedLineFailsNamingFileLineAndWhatIsWrong() throws {
        let log = try Log()
        defer { log.remove() }
        let good = Self.request(minutesAgo: 2, sqft: [1.0])
        let path = try log.write([good, good.replacingOccurrences(of: "\"rows\":1", with: "\"rows\":2")])
        let failure = try #require(try PluginStage.failure("predictions", Self.config(log)))
        #expect(failure.error.code.id == "stage.invalid-input")
        #expect(failure.error.message.contains("\(path):2:"), "\(failure.error.message)")
        #expect(failure.error.message.contains("'inputs.sqft' has 1 value(s) but 'rows' is 2"), "\(failure.error.message)")

        try log.write([good, "{\"time\":\"2026-11-26T18:04:05.123Z\",\"version\":\"1\",\"rows\":1,\"inputs\":{\"x\":[1.0}}"])
        let broken = try #require(try PluginStage.failure("predictions", Self.config(log)))
        #expect(broken.error.message.contains("\(path):2: not a prediction log line: 'inputs.x': expected ',' or ']' in the array, found '}'"), "\(broken.error.message)")

        try log.write([#"{"time":"yesterday","version":"1","rows":0,"inputs":{},"outputs":{}}"#])
        let time = try #require(try PluginStage.failure("predictions", Self.config(log)))
        #expect(time.error.message.contains("\(path):1:"))
        #expect(time.error.message.contains("'time' is \"yesterday\", not an RFC 3339 timestamp"))
    }

    @Test func aMissingLogFolderFailsSayingWhereItLookedWhoWritesItAndWhichModelsHaveALog() throws {
        let log = try Log()
        defer { log.remove() }
        try log.write(model: "churn", [Self.request(minutesAgo: 1, sqft: [1.0])])
        try log.write(model: "prices", [Self.request(minutesAgo: 1, sqft: [1.0])])
        let failure = try #require(try PluginStage.failure("predictions", Self.config(log)))
        #expect(failure.error.code.id == "stage.not-found")
        #expect(failure.error.message.contains("the folder \(log.directory)/house does not exist"), "\(failure.error.message)")
        #expect(failure.error.message.contains("`sluice serve` writes it"))
        #expect(failure.error.message.contains("the models with a log in \(log.directory) are: churn, prices"), "\(failure.error.message)")

        let nowhere = try #require(try PluginStage.failure("predictions", #"{"model": "house", "directory": "\#(log.directory)/nowhere"}"#))
        #expect(nowhere.error.message.contains("does not exist either: check 'directory'"), "\(nowhere.error.message)")
    }

    @Test func anEmptyWindowGivesEmptyTablesWithTheColumnsAndTypesOfTheLog() throws {
        let log = try Log()
        defer { log.remove() }
        try log.write([Self.request(minutesAgo: 600, id: "old", sqft: [1.0], city: ["Oslo"])], modified: Self.now.addingTimeInterval(-36_000))
        let run = try PluginStage.run("predictions", Self.config(log, #""window": "1h""#))
        let features = try run.table("features")
        #expect(features.rowCount == 0)
        #expect(features.schema.fields.map(\.name) == ["sqft", "city", "prediction"])
        #expect(features.schema.fields.map(\.type) == [.float64, .utf8, .float64])
        #expect(try run.table("log").schema.fields.map(\.name) == ["sqft", "city", "prediction", "time", "version", "request_id", "row", "endpoint"])
        #expect(run.metrics["predictions.rows"] == 0)
        #expect(run.logs(.warning).contains { $0.contains("no predictions of model 'house' in the last 1h") })
        // A version that never answered is an empty window too.
        #expect(try PluginStage.run("predictions", Self.config(log, #""version": "9""#)).table("features").rowCount == 0)
    }

    @Test func aLogWithNothingInItYetFailsSayingSo() throws {
        let log = try Log()
        defer { log.remove() }
        try log.write([], torn: "{\"time\":")
        let failure = try #require(try PluginStage.failure("predictions", Self.config(log, #""window": "1h""#)))
        #expect(failure.error.message.contains("no predictions have been logged yet for model 'house' at \(log.directory)/house"), "\(failure.error.message)")
    }

    @Test func aColumnThatChangesTypeFailsNamingTheColumnAndBothPlaces() throws {
        let log = try Log()
        defer { log.remove() }
        let path = try log.write([
            Self.request(minutesAgo: 3, sqft: [nil]),
            Self.request(minutesAgo: 2, sqft: [1.0]),
            Self.request(minutesAgo: 1, sqft: ["large"]),
        ])
        let failure = try #require(try PluginStage.failure("predictions", Self.config(log)))
        #expect(failure.error.code.id == "stage.invalid-input")
        #expect(failure.error.message.contains("the column 'sqft' changes type in the prediction log: it holds numbers (from \(path):2) but strings at \(path):3"),
                "\(failure.error.message)")
    }

    @Test(arguments: [
        (#""5""#, "a number in quotes: write window: 5 without quotes"),
        (#""soon""#, "which is not a window"),
        (#""xh""#, "'x' is not a number of hours"),
        (#""0s""#, "an empty span"),
        ("0", "a number of rows must be at least 1"),
    ])
    func aWindowThatMeansNothingIsAConfigError(window: String, message: String) throws {
        let log = try Log()
        defer { log.remove() }
        try log.write([Self.request(minutesAgo: 1, sqft: [1.0])])
        let failure = try #require(try PluginStage.failure("predictions", Self.config(log, #""window": \#(window)"#)))
        #expect(failure.error.code == .stageInvalidConfig)
        #expect(failure.error.message.contains(message), "\(failure.error.message)")
    }

    @Test func escapedTextAndExponentNumbersReadBackExactly() throws {
        let log = try Log()
        defer { log.remove() }
        let values: [Double] = [0.1, 1e-7, 123456789.123456789, -2.5e300, .leastNonzeroMagnitude, 0.30000000000000004]
        try log.write([Log.line(time: Self.now, inputs: ["x": values.map(LogCell.number), "s": ["a\"b", "tab\there", "é€𝄞", "\u{1}", "\\", "new\nline"]],
                                outputs: ["prediction": [1, 2, 3, 4, 5, 6]])])
        let features = try PluginStage.run("predictions", Self.config(log)).table("features")
        #expect(features.values("x") == .float64(values))
        #expect(features.values("s") == .utf8(["a\"b", "tab\there", "é€𝄞", "\u{1}", "\\", "new\nline"]))
    }
}
