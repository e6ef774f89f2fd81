import Foundation
@testable import SluiceArrow
import SluiceServe
import Testing

/// The `predictions` stage reads what the model server's own writer writes: the
/// prediction log's format is a contract between two components that never link.
@Suite struct PredictionLogContractTests {
    @Test func whatTheServerLogsTheStageReadsBackValueForValue() throws {
        let log = try PredictionLogFixture()
        defer { log.remove() }
        let writer = try PredictionLog(directory: log.directory + "/house", model: "house", settings: .init(), metrics: ServerMetrics())
        writer.record(version: "3", endpoint: "invocations", requestID: "r-1",
                      inputs: try ArrowTable(["sqft": .float64([1200, 880.5, nil]), "rooms": .int64([3, 2, 1]), "city": .dictionary(["Oslo", nil, "Lima"])]),
                      outputs: try ArrowTable(["prediction": .float64([251_000, 187_500.25, .nan])]))
        writer.record(version: "4", endpoint: "infer", requestID: nil,
                      inputs: try ArrowTable(["sqft": .float64([0.1]), "rooms": .int64([7]), "city": .dictionary(["Pune"])]),
                      outputs: try ArrowTable(["prediction": .float64([1e-7])]))
        writer.close()

        let run = try PluginStage.run("predictions", #"{"model": "house", "directory": "\#(log.directory)"}"#)
        let table = try run.table("log")
        #expect(table.schema.fields.map(\.name) == ["sqft", "rooms", "city", "prediction", "time", "version", "request_id", "row", "endpoint"])
        #expect(table.values("sqft") == .float64([1200, 880.5, nil, 0.1]))
        #expect(table.values("rooms") == .float64([3, 2, 1, 7]))
        #expect(table.values("city") == .utf8(["Oslo", nil, "Lima", "Pune"]))
        #expect(table.values("prediction") == .float64([251_000, 187_500.25, nil, 1e-7]), "NaN is logged as null")
        #expect(table.values("version") == .utf8(["3", "3", "3", "4"]))
        #expect(table.values("request_id") == .utf8(["r-1", "r-1", "r-1", nil]))
        #expect(table.values("row") == .int64([0, 1, 2, 0]))
        #expect(table.values("endpoint") == .utf8(["invocations", "invocations", "invocations", "infer"]))
        guard case .utf8(let times)? = table.values("time"), let time = times.first ?? nil else {
            Issue.record("no time column"); return
        }
        let written = try #require(ISO8601DateFormatter.withMilliseconds.date(from: time))
        #expect(abs(written.timeIntervalSinceNow) < 60, "the time is when the request was logged")
    }
}

extension ISO8601DateFormatter {
    static var withMilliseconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
