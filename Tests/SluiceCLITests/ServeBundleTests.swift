import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// `sluice serve` of a deployment bundle folder: the inference pipeline a run exported
/// (fitted transforms and model, with every plugin they need) answers raw rows over HTTP
/// with exactly what `sluice predict --model BUNDLE` gives for them, from the bundle's
/// own plugins, and is refused at start when a file of it changed.
@Suite struct ServeBundleTests {
    static let pipeline = """
        version: 1
        stages:
          load:   {uses: sluice.csv/load, with: {path: data.csv, target: y}}
          fill:   {uses: sluice.transforms/impute, needs: {train: load.data}, with: {columns: [x2]}}
          encode: {uses: sluice.transforms/one_hot, needs: {train: fill.train}, with: {columns: [colour]}}
          scale:  {uses: sluice.transforms/standardize, needs: {train: encode.train}, with: {columns: [x1, x2]}}
          train:  {uses: sluice.linear/ridge, needs: {train: scale.train}, with: {alpha: 0.3}}
          ship:   {uses: sluice.deploy/export, needs: [train.model], with: {path: dist/house, overwrite: true}}
        """

    static func data() -> String {
        var text = "x1,x2,colour,y\n"
        for row in 0..<48 {
            let x1 = Double(row % 11) * 1.7 - 4, x2 = Double((row * 5) % 7) / 2
            let colour = ["red", "green", "blue"][row % 3]
            text += "\(x1),\(row % 9 == 4 ? "" : "\(x2)"),\(colour),\(3 * x1 - x2 + (colour == "red" ? 2 : 0) + Double(row % 4) * 0.1)\n"
        }
        return text
    }

    /// The HTTP helpers of the serve tests.
    let http = ServeCommandTests()

    /// A project whose run exported its inference pipeline to dist/house.
    func exported() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("sluice.yaml", Self.pipeline)
        try folder.write("data.csv", Self.data())
        let run = try runProcess(TestEnvironment.sluice(), ["run", "--quiet"], directory: folder.path)
        guard run.status == 0 else { throw TestSetupError("sluice run failed: \(run)") }
        return folder
    }

    @Test(arguments: [["--model-file", "dist/house", "none"], ["--model", "dist/house/", "none"], ["--model-file", "dist/house", "process"]])
    func aServedBundleAnswersWhatPredictGivesForIt(_ option: [String]) throws {
        let folder = try exported()
        defer { folder.remove() }
        let rows: [(x1: Double, x2: Double?, colour: String)] = [(-3.1, 0.5, "red"), (2.25, nil, "blue"), (9.5, 3, "green"), (0, 1.25, "blue")]
        try folder.write("raw.csv", "x1,x2,colour\n" + rows.map { "\($0.x1),\($0.x2.map { "\($0)" } ?? ""),\($0.colour)\n" }.joined())
        let predicted = try runProcess(TestEnvironment.sluice(), ["predict", "--model", "dist/house", "--input", "raw.csv", "--output", "scored.csv", "--only-predictions"],
                                       directory: folder.path)
        #expect(predicted.status == 0, "\(predicted)")
        let scored = try String(contentsOfFile: folder.file("scored.csv"), encoding: .utf8).split(separator: "\n")
        #expect(scored.first == "prediction", "\(scored)")
        let expected = scored.dropFirst().map { Double(String($0)) }
        #expect(expected.count == rows.count && expected.allSatisfy { $0 != nil }, "\(scored)")

        // Served from another folder, with no plugin path: only the bundle's plugins serve it.
        let elsewhere = try TemporaryFolder()
        defer { elsewhere.remove() }
        let path = option[1] == "dist/house" ? folder.file("dist/house") : folder.file("dist/house") + "/"
        let server = try ServeProcess(["serve", option[0], path, "--port", "0", "--log-sample", "0", "--isolation", option[2]], directory: elsewhere.path)
        defer { server.kill() }
        #expect(server.banner.contains("serving house version sha256:"), "\(server.banner)")

        let schema = try http.get(server.port, "/v2/models/house")
        let inputs = try #require(schema.json["inputs"] as? [[String: Any]], "\(schema.json)")
        #expect(inputs.map { $0["name"] as? String } == ["x1", "x2", "colour"])
        #expect(inputs.map { $0["datatype"] as? String } == ["FP64", "FP64", "BYTES"])

        let data = rows.map { "[\($0.x1),\($0.x2.map { "\($0)" } ?? "null"),\"\($0.colour)\"]" }.joined(separator: ",")
        let answer = try http.post(server.port, "/invocations", #"{"dataframe_split": {"columns": ["x1", "x2", "colour"], "data": [\#(data)]}}"#)
        #expect(answer.status == 200, "\(answer.json)")
        #expect(answer.headers["Sluice-Model-Version"]?.hasPrefix("sha256:") == true)
        #expect((answer.json["predictions"] as? [Any])?.count == rows.count, "\(answer.json)")
        // Read from the body's text with Double(_:), as the CSV is: JSONSerialization may
        // round the last digit, and the answers must be equal bit for bit.
        let served = try predictions(in: try postRaw(server.port, "/invocations", #"{"dataframe_split": {"columns": ["x1", "x2", "colour"], "data": [\#(data)]}}"#))
        #expect(served == expected.compactMap { $0 }, "bit for bit what sluice predict gives for the bundle")
        #expect(server.terminate() == 0)
        // With --isolation process the bundle's plugins run in a worker, and the log says so.
        #expect(server.stderr.contains("runs in a worker process") == (option[2] == "process"), "\(server.stderr)")
    }

    /// The numbers of the `"predictions":[...]` member of a response body, parsed exactly.
    func predictions(in body: String) throws -> [Double] {
        guard let start = body.range(of: #""predictions":["#), let end = body[start.upperBound...].firstIndex(of: "]") else {
            throw TestSetupError("no predictions in \(body)")
        }
        return try body[start.upperBound..<end].split(separator: ",").map { text in
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else { throw TestSetupError("'\(text)' is not a number in \(body)") }
            return value
        }
    }

    /// POSTs `body` as JSON; the response body's text.
    func postRaw(_ port: Int, _ path: String, _ body: String) throws -> String {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        // @unchecked: written once by the completion handler, read after the semaphore.
        final class Box: @unchecked Sendable { var text: String? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, _, _ in
            box.text = data.map { String(decoding: $0, as: UTF8.self) }
            done.signal()
        }.resume()
        done.wait()
        guard let text = box.text else { throw TestSetupError("no answer from \(path)") }
        return text
    }

    @Test func aBundleWhoseFileChangedIsRefusedAtStartNamingTheFile() throws {
        let folder = try exported()
        defer { folder.remove() }
        let model = folder.file("dist/house/model.json")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        bytes.append(contentsOf: Array("\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: model))
        let result = try runProcess(TestEnvironment.sluice(), ["serve", "--model-file", "dist/house", "--port", "0"], directory: folder.path)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("dist/house/model.json: error: this file of the bundle has"), "\(result.stderr)")
        #expect(result.stderr.contains("[model.bundle-modified]"), "\(result.stderr)")
    }

    @Test func aFolderThatIsNoBundleIsAUsageError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("dist"), withIntermediateDirectories: true)
        let result = try runProcess(TestEnvironment.sluice(), ["serve", "--model-file", "dist", "--port", "0"], directory: folder.path)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("dist: error: this is a folder without a manifest.json"), "\(result.stderr)")
        #expect(result.stderr.contains("[serve.model-file]"), "\(result.stderr)")
    }
}
