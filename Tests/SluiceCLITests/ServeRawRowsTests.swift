import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// What is trained is what is served, as a user sees it: a pipeline encodes a text
/// column and trains; `sluice predict` and `sluice serve` take the raw rows, text
/// included, and refuse a category the encoder was told to refuse with a 400 naming it.
@Suite struct ServeRawRowsTests {
    static let pipeline = """
        version: 1
        stages:
          load: {uses: sluice.csv/load, with: {path: data.csv, target: species}}
          encode: {uses: sluice.transforms/one_hot, needs: [load], with: {columns: [colour], unseen: error}}
          scale: {uses: sluice.transforms/standardize, needs: {train: encode.train}, with: {columns: [x1]}}
          train: {uses: sluice.linear/logistic, needs: {train: scale.train}}
          register: {uses: sluice.deploy/register, needs: {model: train.model}, with: {name: species}}
        """

    static func data() -> String {
        var text = "x1,colour,species\n"
        for row in 0..<60 {
            let colour = ["red", "green", "blue"][row % 3]
            let x1 = Double(row % 10) * 1.5 + 20
            text += "\(x1),\(colour),\((x1 > 27 ? 1 : 0) + (colour == "red" ? 1 : 0) > 0 ? "yes" : "no")\n"
        }
        return text
    }

    /// The HTTP helpers of the serve tests.
    let http = ServeCommandTests()

    @Test func aModelTrainedAfterTransformsServesRawRowsAndRefusesUnseenCategories() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("sluice.yaml", Self.pipeline)
        try folder.write("data.csv", Self.data())
        try folder.write("raw.csv", "x1,colour\n21,red\n29,green\n")
        let run = try runProcess(TestEnvironment.sluice(), ["run", "--quiet"], directory: folder.path)
        #expect(run.status == 0, "\(run)")

        let predicted = try runProcess(TestEnvironment.sluice(), ["predict", "--model", "species", "--input", "raw.csv", "--output", "scored.csv"], directory: folder.path)
        #expect(predicted.status == 0, "\(predicted)")
        let scored = try String(contentsOfFile: folder.file("scored.csv"), encoding: .utf8).split(separator: "\n")
        #expect(scored.first?.hasPrefix("x1,colour,prediction") == true, "\(scored)")

        let server = try ServeProcess(["serve", "--model", "species", "--port", "0", "--log-sample", "0"], directory: folder.path)
        defer { server.kill() }
        let schema = try http.get(server.port, "/v2/models/species")
        let inputs = try #require(schema.json["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["name"] as? String } == ["x1", "colour"])
        #expect(inputs.map { $0["datatype"] as? String } == ["FP64", "BYTES"])

        let raw = try http.post(server.port, "/invocations", #"{"dataframe_split": {"columns": ["x1", "colour"], "data": [[21, "red"], [29, "green"]]}}"#)
        #expect(raw.status == 200, "\(raw.json)")
        let labels = try #require(raw.json["predictions"] as? [Any])
        #expect(labels.count == 2)
        // The same answers as `sluice predict` gives for the same raw rows.
        let predictedLabels = scored.dropFirst().map { $0.split(separator: ",")[2] }
        #expect(labels.map { ($0 as? [String: Any])?["prediction"] as? String } == predictedLabels.map(String.init))

        let unseen = try http.post(server.port, "/invocations", #"{"dataframe_split": {"columns": ["x1", "colour"], "data": [[21, "purple"]]}}"#)
        #expect(unseen.status == 400)
        #expect((unseen.json["error"] as? String)?.contains("column 'colour' has the value 'purple'") == true, "\(unseen.json)")
        #expect(server.terminate() == 0)
    }
}
