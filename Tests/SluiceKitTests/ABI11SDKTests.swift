import CSluiceABI
import Foundation
@testable import SluiceKit
import Testing

/// What a Swift plugin gets from ABI 1.1 through the SDK: volatile stages hidden from a
/// 1.0 host, the start hook, examples in the descriptor, and models that log.
@Suite(.serialized) struct ABI11SDKTests {
    /// A model that logs when it is loaded, through the host it was loaded with.
    struct LoggingModel: PredictiveModel {
        static let mediaTypes = ["application/vnd.test.logging+json"]
        static func accepts(prefix: [UInt8]) -> Bool { prefix.starts(with: Array("{\"logging".utf8)) }
        init(artifact: [UInt8]) throws {}
        init(artifact: [UInt8], host: ModelHost) throws {
            host.warning("loaded \(artifact.count) bytes")
        }
        var modelDescription: ModelDescription {
            ModelDescription(format: "test.logging/1", task: .regression, features: [], target: "y", outputs: [])
        }
        func predict(_ input: Table) throws -> Table { input }
    }

    struct Live: Loader {
        static let id = "live"
        static let volatile = true
        init(config: NoConfig, host: HostServices) throws {}
        func run(_ call: StageCall) throws {}
    }

    struct Steady: Loader {
        static let id = "steady"
        static let outputs = [Port("data", .table)]
        static let examples = [
            StageExample("one row", inputs: [:], expectOutputs: ["data"]),
            StageExample("refuses", config: .object([("bad", .bool(true))]), expectStatus: "invalid_config"),
        ]
        init(config: NoConfig, host: HostServices) throws {}
        func run(_ call: StageCall) throws {}
    }

    nonisolated(unsafe) static var startedWith: String?
    // nonisolated(unsafe): the suite is serialized; the hook runs on the test's thread.

    static let plugin = Plugin(id: "test.abi11", version: "1.0.0", stages: [Live.self, Steady.self], models: [LoggingModel.self],
                               start: { path in ABI11SDKTests.startedWith = path })

    func descriptor(minor: UInt32) throws -> sluice_plugin_v1 {
        try #require(Self.plugin.entry(hostMajor: 1, hostMinor: minor)).load(as: sluice_plugin_v1.self)
    }

    func stageIDs(_ plugin: sluice_plugin_v1) -> [String] {
        (0..<Int(plugin.stage_count)).map { String(cString: plugin.stages[$0]!.pointee.id) }
    }

    @Test func aVolatileStageIsLeftOutForA10Host() throws {
        #expect(stageIDs(try descriptor(minor: 1)) == ["live", "steady"])
        #expect(stageIDs(try descriptor(minor: 0)) == ["steady"])
        #expect(try descriptor(minor: 0).abi_minor == 1, "the plugin still says what it was built with")
    }

    @Test func examplesAreWrittenAsTheProtocolsJSON() throws {
        let plugin = try descriptor(minor: 1)
        let steady = plugin.stages[1]!.pointee
        let text = try #require(steady.examples.map { String(cString: $0) })
        let examples = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(examples.map { $0["name"] as? String } == ["one row", "refuses"])
        #expect((examples[0]["expect"] as? [String: Any])?["outputs"] as? [String] == ["data"])
        #expect((examples[1]["expect"] as? [String: Any])?["status"] as? String == "invalid_config")
        #expect(plugin.stages[0]!.pointee.examples == nil, "no examples: NULL")
    }

    @Test func theStartHookRunsWhenTheHostCallsInit() throws {
        let plugin = try descriptor(minor: 1)
        let start = try #require(plugin.`init`)
        var data: UnsafeMutableRawPointer?
        var error = [CChar](repeating: 0, count: 256)
        let status = start("/plugins/libtest.so", &data, &error, error.count)
        #expect(status == 0)
        // SluiceKit runs one start hook per image: another test of this process may have
        // started it first, with its own path. Whoever came first, it ran once and says so.
        #expect(Plugin.started)
        if let path = Self.startedWith { #expect(path == "/plugins/libtest.so" && Plugin.path == path) }
    }

    nonisolated(unsafe) static var logged: [String] = []

    @Test func aModelLoadedWithAHostLogsThroughIt() throws {
        let plugin = try descriptor(minor: 1)
        let predict = try #require(plugin.get_extension?(SLUICE_EXT_PREDICT)).load(as: sluice_predict_v1.self)
        let loadWithHost = try #require(predict.load_with_host)
        var host = sluice_model_host_v1(
            struct_size: UInt32(MemoryLayout<sluice_model_host_v1>.size), abi_major: 1, abi_minor: 1, host_version: nil, host_data: nil,
            log: { _, level, message in ABI11SDKTests.logged.append("\(level) \(String(cString: message!))") },
            get_extension: nil
        )
        let artifact = Array(#"{"logging":1}"#.utf8)
        var model: UnsafeMutableRawPointer?
        var error = [CChar](repeating: 0, count: 256)

        let status = loadWithHost(nil, &host, artifact, artifact.count, &model, &error, error.count)

        #expect(status == 0, "\(error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })")
        #expect(Self.logged == ["30 loaded 13 bytes"])
        if let model { predict.free?(model) }
        // Loaded without a host (as a 1.0 host does), the model's lines go nowhere.
        var quiet: UnsafeMutableRawPointer?
        #expect(predict.load?(artifact, artifact.count, &quiet, &error, error.count) == 0)
        #expect(Self.logged.count == 1)
        if let quiet { predict.free?(quiet) }
    }
}
