import Foundation
import SluiceServe
import SluiceTestSupport
import Testing

/// Every prediction is appended, off the request path, to JSON Lines files that
/// rotate by size; see Sources/SluiceServe/PredictionLog.md.
@Suite struct PredictionLogTests {
    static let model = ModelFixture.linear(intercept: 1, ["x": 2])

    func lines(in folder: String) throws -> [[String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }.sorted()
        return try files.flatMap { file in
            try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
    }

    @Test func eachRequestIsOneLineWithInputsOutputsVersionAndTime() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = PredictionLogConfiguration(directory: folder.path, settings: .init())
        let live = try await LiveServer.start(TestModels(primary: ("5", Self.model)), log: log)
        _ = try await live.client { client in
            _ = try client.post("/invocations", #"{"dataframe_split":{"columns":["x"],"data":[[1],[2]]}}"#, headers: ["X-Request-Id": "abc"])
            _ = try client.post("/v2/models/m/infer", #"{"id":"oip-1","inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":[0.5]}]}"#)
        }
        await live.stop()
        let entries = try lines(in: folder.path)
        #expect(entries.count == 2)
        let first = try #require(entries.first)
        #expect(first["model"] as? String == "m")
        #expect(first["version"] as? String == "5")
        #expect(first["endpoint"] as? String == "invocations")
        #expect(first["request_id"] as? String == "abc")
        #expect(first["rows"] as? Int == 2)
        #expect((first["inputs"] as? [String: Any])?["x"] as? [Double] == [1, 2])
        #expect((first["outputs"] as? [String: Any])?["prediction"] as? [Double] == [3, 5])
        let time = try #require(first["time"] as? String)
        #expect(time.hasSuffix("Z") && ISO8601DateFormatter.withFractionalSeconds.date(from: time) != nil)
        #expect(entries.last?["request_id"] as? String == "oip-1")
    }

    @Test func filesRotateBySizeKeepingWholeLines() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = PredictionLogConfiguration(directory: folder.path, settings: .init(maxFileBytes: 1000))
        let live = try await LiveServer.start(TestModels(primary: ("5", Self.model)), log: log)
        _ = try await live.client { client in
            for i in 0..<60 { _ = try client.post("/invocations", #"{"inputs":{"x":[\#(i)]}}"#) }
        }
        await live.stop()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jsonl") }
        #expect(files.count > 1)
        for file in files {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: folder.file(file))[.size] as? Int)
            #expect(size <= 1000)
        }
        let entries = try lines(in: folder.path)
        #expect(entries.count == 60)
        // In order across files: names sort by time, then sequence.
        #expect(entries.compactMap { ($0["inputs"] as? [String: Any])?["x"] as? [Double] } == (0..<60).map { [Double($0)] })
    }

    @Test func aZeroSampleRateLogsNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = PredictionLogConfiguration(directory: folder.path, settings: .init(sampleRate: 0))
        let live = try await LiveServer.start(TestModels(primary: ("5", Self.model)), log: log)
        _ = try await live.client { client in
            for _ in 0..<10 { _ = try client.post("/invocations", #"{"inputs":{"x":[1]}}"#) }
        }
        await live.stop()
        #expect(try lines(in: folder.path).isEmpty)
    }

    @Test func aSampleRateKeepsAboutThatShare() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = PredictionLogConfiguration(directory: folder.path, settings: .init(sampleRate: 0.5))
        let live = try await LiveServer.start(TestModels(primary: ("5", Self.model)), log: log)
        _ = try await live.client { client in
            for _ in 0..<400 { _ = try client.post("/invocations", #"{"inputs":{"x":[1]}}"#) }
        }
        await live.stop()
        // Random sampling: 400 draws at 0.5 fall in 140...260 with probability > 1 - 1e-9.
        #expect((140...260).contains(try lines(in: folder.path).count))
    }
}

extension ISO8601DateFormatter {
    static var withFractionalSeconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
