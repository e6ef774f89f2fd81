import Foundation
@testable import SluiceArrow
@testable import SluiceEngine
import SluiceSupport
import SluiceTestSupport
import Testing

/// The model as every other part of sluice sees it: loaded through `ModelLoader` by media
/// type or by content, described per the protocol, predicting Arrow tables in batches.
@Suite struct ModelCapabilityTests {
    static let rows = Datasets.rows(120)
    static let species = #"{"target": "species", "features": ["x1", "x2", "x3", "x4"]}"#

    @Test func thePluginOffersTheModelCapabilityForItsMediaType() throws {
        #expect(Linear.loader.pluginIDs == ["sluice.linear"])
        let plugin = try #require(Linear.catalog.plugins.first { $0.id == "sluice.linear" })
        #expect(plugin.stages.map(\.id) == ["linear", "ridge", "logistic"])
        #expect(plugin.stages.allSatisfy { $0.kind == .trainer })
        let ridge = try #require(plugin.stages.first { $0.id == "ridge" })
        #expect(ridge.inputs.map { "\($0.name):\($0.kind.name)\($0.optional ? "?" : "")" } == ["train:table", "scaler:report?"])
        #expect(ridge.outputs.map { "\($0.name):\($0.kind.name)" } == ["model:model"])
    }

    @Test func theDescriptionFollowsTheProtocol() throws {
        let model = try Linear.train("logistic", Self.species, try Datasets.table(Self.rows)).model
        let summary = model.summary
        #expect(summary.format == "sluice.linear/1")
        #expect(summary.task == "classification")
        #expect(summary.features.map(\.name) == ["x1", "x2", "x3", "x4"] && summary.features.allSatisfy { $0.type == "float64" })
        #expect(summary.target == "species")
        #expect(summary.classes == ["setosa", "versicolor", "virginica"])
        #expect(summary.outputs?.map { "\($0.name):\($0.type)" } == [
            "prediction:utf8", "probability_setosa:float64", "probability_versicolor:float64", "probability_virginica:float64",
        ])
        let regression = try Linear.train("ridge", #"{"features": ["x1"]}"#, try Datasets.table(Self.rows)).model
        #expect(regression.summary.outputs?.map { "\($0.name):\($0.type)" } == ["prediction:float64"])
        #expect(regression.summary.classes == nil)
    }

    @Test func aModelFileWithoutMediaTypeIsRecognisedByItsContent() throws {
        let bytes = try Linear.train("linear", #"{"features": ["x1", "x2"]}"#, try Datasets.table(Self.rows)).modelBytes
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try bytes.data.write(to: URL(fileURLWithPath: folder.file("model.json")))
        let model = try ModelLoader(catalog: Linear.catalog, sources: [FileModelSource(directory: folder.path)]).require("model.json")
        #expect(model.pluginID == "sluice.linear")
        #expect(try model.predict(try Datasets.table(Self.rows)).rowCount == 120)
    }

    @Test func theArtifactIsTheDocumentedFormat() throws {
        let artifact = try Linear.train("logistic", Self.species + "", try Datasets.table(Self.rows), scaler: #"{"version":1,"columns":{"x1":{"mean":10,"std":3,"scale":3}}}"#).artifact
        #expect(artifact.value(at: "/format") == .string("sluice.linear/1"))
        #expect(artifact.value(at: "/model") == .string("logistic"))
        #expect(artifact.value(at: "/label_type") == .string("utf8"))
        #expect(artifact.value(at: "/target") == .object(["name": .string("species"), "type": .string("utf8")]))
        #expect(artifact.value(at: "/hyperparameters/C") == .number(1) || artifact.value(at: "/hyperparameters/C") == .integer(1))
        #expect(artifact.value(at: "/hyperparameters/max_iter") == .integer(100))
        #expect(artifact.value(at: "/preprocessing/standardize/stage") == .string("sluice.transforms/standardize"))
        #expect(artifact.value(at: "/preprocessing/standardize/columns/x1/mean") != nil)
        #expect(artifact.value(at: "/producer/plugin") == .string("sluice.linear"))
        guard case .array(let rows)? = artifact.value(at: "/coefficients") else { Issue.record("no coefficients"); return }
        #expect(rows.count == 3)
        // The documented format's first bytes say what it is, for `accepts`.
        let bytes = try Linear.train("ridge", #"{"features": ["x1"]}"#, try Datasets.table(Self.rows)).modelBytes
        let head = String(decoding: bytes.data.prefix(40), as: UTF8.self)
        #expect(head.contains(#""sluice.linear/1""#), "\(head)")
    }

    @Test func anUnknownFormatVersionIsUnsupportedAndNamesTheVersionsRead() throws {
        let text = String(decoding: try Linear.train("linear", #"{"features": ["x1"]}"#, try Datasets.table(Self.rows)).modelBytes.data, as: UTF8.self)
            .replacingOccurrences(of: "sluice.linear/1", with: "sluice.linear/2")
        let failure = try #require(Linear.failure {
            try Array(text.utf8).withUnsafeBytes { try Linear.loader.load($0, mediaType: Linear.mediaType, what: "model.json") }
        })
        #expect(failure.code.id == "model.unsupported")
        #expect(failure.message.contains("sluice.linear/2"))
        #expect(failure.message.contains("it reads sluice.linear/1"))
    }

    @Test func aDamagedArtifactIsInvalidInputNotATrap() throws {
        let failure = try #require(Linear.failure {
            try Array(#"{"format": "sluice.linear/1", "model": "linear"}"#.utf8).withUnsafeBytes { try Linear.loader.load($0, mediaType: Linear.mediaType, what: "m") }
        })
        #expect(failure.code.id == "model.invalid-input")
        #expect(failure.message.contains("is missing"))
    }

    @Test func aMissingOrTextFeatureColumnIsInvalidInputNamingIt() throws {
        let model = try Linear.train("ridge", #"{"features": ["x1", "x2"]}"#, try Datasets.table(Self.rows)).model
        let missing = try #require(Linear.failure { try model.predict(try ArrowTable(["x1": .float64([1])])) })
        #expect(missing.code.id == "model.invalid-input")
        #expect(missing.message.contains("'x2'"))
        let text = try #require(Linear.failure { try model.predict(try ArrowTable(["x1": .float64([1]), "x2": .utf8(["a"])])) })
        #expect(text.message.contains("'x2' is string"))
        let null = try #require(Linear.failure { try model.predict(try ArrowTable(["x1": .float64([1, nil]), "x2": .float64([1, 2])])) })
        #expect(null.message.contains("'x1'") && null.message.contains("null"))
    }

    @Test func integerFeaturesAndLabelsKeepTheirTypes() throws {
        let table = try ArrowTable(["a": .int64([1, 5, 2, 8, 3, 9, 1, 7]), "b": .int32([3, 1, 4, 1, 5, 9, 2, 6]), "label": .int64([0, 1, 0, 1, 0, 1, 1, 0])])
        let model = try Linear.train("logistic", #"{"target": "label"}"#, table).model
        #expect(model.summary.features.map(\.type) == ["int64", "int32"])
        let predictions = try model.predict(table)
        guard case .int64(let labels)? = predictions.values("prediction") else { Issue.record("labels are not int64"); return }
        #expect(labels.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(predictions.columnNames == ["prediction", "probability_0", "probability_1"])
    }

    @Test func predictionsDoNotDependOnHowRowsAreBatched() throws {
        let model = try Linear.train("logistic", Self.species, try Datasets.table(Self.rows)).model
        let whole = try model.predict(try Datasets.table(Self.rows))
        let part = Datasets.Rows(x: Self.rows.x.map { Array($0[37..<38]) }, y: [Self.rows.y[37]], species: [Self.rows.species[37]], flag: [Self.rows.flag[37]])
        let one = try model.predict(try Datasets.table(part))
        #expect(one.strings("prediction")! == [whole.strings("prediction")![37]])
        #expect(one.doubles("probability_setosa")! == [whole.doubles("probability_setosa")![37]])
        let empty = try model.predict(try Datasets.table(Datasets.Rows(x: [[], [], [], []], y: [], species: [], flag: [])))
        #expect(empty.rowCount == 0 && empty.columnNames.count == 4)
    }

    @Test func aRegistryReferenceOutsideAProjectSaysThereIsNoRegistryHere() throws {
        let failure = try #require(Linear.failure { try Linear.loader.require("house-prices@production") })
        #expect(failure.code == .modelNotFound)
        #expect(failure.message.contains("there is no project here"))
    }

    /// What a tester plugin gets through "sluice.models/1": the host's LoadedModel,
    /// shared between threads.
    @Test func aLoadedModelPredictsFromSeveralThreadsAtOnce() async throws {
        let model = try Linear.train("ridge", #"{"features": ["x1", "x2", "x3", "x4"]}"#, try Datasets.table(Self.rows)).model
        let table = try Datasets.table(Self.rows)
        let expected = try model.predict(table).doubles("prediction")!
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { try model.predict(table).doubles("prediction")! } }
            for try await result in group { #expect(result == expected) }
        }
    }
}
