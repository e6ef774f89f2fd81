import Foundation
@testable import SluiceEngine
@testable import SluiceStore
import SluiceTestSupport
import Testing

/// Testers reach models only through the host ("sluice.models/1"): whatever plugin
/// made them, from a port's bytes with or without a media type, or by reference.
@Suite struct ModelCapabilityTests {
    @Test func theTestPluginOffersTheModelCapabilityForBothTestModels() throws {
        let loader = ModelLoader(catalog: Gates.catalog)
        #expect(loader.pluginIDs == ["sluice.testkit"])
        let line = ByteBuffer.from(TestModel.line(slope: 2).json), threshold = ByteBuffer.from(TestModel.threshold(at: 0).json)
        let regressor = try withExtendedLifetime(line) { try loader.load(line.pointer, mediaType: nil, what: "test") }
        #expect(regressor.summary.task == "regression")
        let classifier = try withExtendedLifetime(threshold) {
            try loader.load(threshold.pointer, mediaType: "application/vnd.sluice.test-classifier+json", what: "test")
        }
        #expect(classifier.summary.classes == ["no", "yes"])
        #expect(classifier.summary.outputs?.map(\.name) == ["prediction", "probability_no", "probability_yes"])
    }

    @Test func bytesWithoutAMediaTypeAreLoadedByThePluginThatAcceptsThem() throws {
        let run = try Gates.run("metrics", "{}", model: TestModel.line(slope: 2, intercept: 1).untyped, test: TestTables.line())
        #expect(run.passed, "\(run.message)")
        #expect(run.metrics["mae"].map { abs($0 - 0.2) < 1e-12 } == true)
    }

    @Test func aChampionIsLoadedByFilePathRelativeToTheProject() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("models"), withIntermediateDirectories: true)
        try TestModel.line(slope: 2, intercept: 1).write(to: folder.file("models/champion.json"))
        let run = try Gates.run("champion", #"{"champion":"models/champion.json","metric":"mae"}"#,
                                model: .line(slope: 2, intercept: 1), test: TestTables.line(), directory: folder.path)
        #expect(run.passed, "\(run.message)")
        #expect(run.metrics["champion.mae"].map { abs($0 - 0.2) < 1e-12 } == true)
    }
}
