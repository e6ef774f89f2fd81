import CSluiceABI
import Foundation
import SluiceJSON
import SluicePlugins
import SluiceSupport
import SluiceTestSupport
import Testing

/// What protocol 1.1 added, as the host implements it: the plugin lifecycle and its
/// plugin_data, the model host, stage examples, and schema keywords refused at load.
@Suite struct ABI11PluginTests {
    @Test func theHostSpeaksProtocol11() {
        #expect(PluginLoader.abiMajor == 1)
        #expect(PluginLoader.abiMinor == 1)
    }

    @Test func initRunsOnceWithTheLibrarysPathAndItsDataReachesTheModelCapability() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try compileABI11Fixture("liblifecycle.so", in: folder, defines: [#"ABI11_ID="abi11.lifecycle""#])

        let first = try PluginLoader.load(path, origin: "test")
        let again = try PluginLoader.load(path, origin: "test")

        #expect(first.pluginData.pointer != nil)
        #expect(first.pluginData.pointer == again.pluginData.pointer, "a second load must not start the plugin again")
        // The fixture's load_with_host fails unless it gets back what init stored.
        let table = try #require(first.extensions.lookup(SLUICE_EXT_PREDICT)).load(as: sluice_predict_v1.self)
        let lines = LockedLines()
        let host = ModelHost(version: nil) { level, message in lines.append("\(level) \(message)") }
        let artifact = Array(#"{"abi11":1}"#.utf8)
        let loaded = artifact.withUnsafeBytes { loadModel(table, pluginData: first.pluginData, host: host, bytes: $0) }

        #expect(loaded.status == 0, "\(loaded.message)")
        #expect(lines.all == ["30 loaded 11 bytes with host 1.1"])
        if let handle = loaded.handle { table.free?(handle) }
    }

    @Test func aModelCapabilityWithoutAHostIsLoadedWithLoadAsA10HostWould() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plugin = try PluginLoader.load(try compileABI11Fixture("libnohost.so", in: folder, defines: [#"ABI11_ID="abi11.nohost""#]), origin: "test")
        let table = try #require(plugin.extensions.lookup(SLUICE_EXT_PREDICT)).load(as: sluice_predict_v1.self)

        let loaded = Array(#"{"abi11":1}"#.utf8).withUnsafeBytes { loadModel(table, pluginData: PluginData(pointer: nil), host: nil, bytes: $0) }

        #expect(loaded.status == 0, "\(loaded.message)")
        if let handle = loaded.handle { table.free?(handle) }
    }

    @Test func aFailingInitIsALoadProblemNamingThePluginWithItsMessage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try compileABI11Fixture("libfails.so", in: folder, defines: [#"ABI11_ID="abi11.fails""#, "ABI11_INIT_FAILS"])

        for _ in 0..<2 {  // the same answer when asked again, without calling init twice
            let error = try #require(throws: SluiceError.self) { try PluginLoader.load(path, origin: "test") }
            #expect(error.code == .pluginInitFailed)
            #expect(error.location == path)
            #expect(error.message.contains("plugin 'abi11.fails' refused to start"))
            #expect(error.message.contains("SLUICE_ERR_FAILED: the licence file next to the plugin is missing"))
        }
    }

    @Test func declaredExamplesAreKeptAsTypedValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plugin = try PluginLoader.load(try compileABI11Fixture("libexamples.so", in: folder, defines: [#"ABI11_ID="abi11.examples""#]), origin: "test")
        let stage = try #require(plugin.stage("where"))

        #expect(stage.volatile)
        #expect(stage.examples.count == 1)
        #expect(stage.examples.first?.name == "reports where it runs")
        #expect(stage.examples.first?.config == .object(JSONObject([("label", .string("abc"))])))
        #expect(stage.examples.first?.expect == StageExample.Expectation(status: "ok", outputs: ["report"]))
    }

    @Test func malformedExamplesAreALoadProblemNamingTheStage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let examples = #"ABI11_EXAMPLES="[{\"name\":\"x\",\"expect\":{\"outputs\":[\"nope\"]}}]""#
        let path = try compileABI11Fixture("libbadexamples.so", in: folder, defines: [#"ABI11_ID="abi11.badexamples""#, examples])

        let error = try #require(throws: SluiceError.self) { try PluginLoader.load(path, origin: "test") }

        #expect(error.code == .pluginBadExamples)
        #expect(error.message.contains("plugin 'abi11.badexamples', stage 'where': example 'x'"), "\(error.message)")
        #expect(error.message.contains("\"nope\", which is not an output of the stage; its outputs: report"), "\(error.message)")
    }

    @Test func aSchemaKeywordTheHostDoesNotImplementIsRefusedAtLoadWithWhereItIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let schema = #"ABI11_SCHEMA="{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"uniqueItems\":true}}}""#
        let path = try compileABI11Fixture("libbadschema.so", in: folder, defines: [#"ABI11_ID="abi11.badschema""#, schema])

        let error = try #require(throws: SluiceError.self) { try PluginLoader.load(path, origin: "test") }

        #expect(error.code == .pluginBadSchema)
        #expect(error.message.contains("plugin 'abi11.badschema', stage 'where'"), "\(error.message)")
        #expect(error.message.contains("at /properties/tags/uniqueItems: unsupported keyword 'uniqueItems'"), "\(error.message)")
    }

    @Test func aPatternThatIsNotARegularExpressionIsRefusedAtLoad() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let schema = #"ABI11_SCHEMA="{\"properties\":{\"label\":{\"type\":\"string\",\"pattern\":\"([a-z\"}}}""#
        let path = try compileABI11Fixture("libbadpattern.so", in: folder, defines: [#"ABI11_ID="abi11.badpattern""#, schema])

        let error = try #require(throws: SluiceError.self) { try PluginLoader.load(path, origin: "test") }

        #expect(error.code == .pluginBadSchema)
        #expect(error.message.contains("at /properties/label/pattern: 'pattern' \"([a-z\" is not a valid regular expression"), "\(error.message)")
    }

    @Test func swiftPluginsHideTheirVolatileStagesFromA10Host() throws {
        // sluice.drift's predictions stage reads the live prediction log: a 1.0 host,
        // which does not know SLUICE_STAGE_VOLATILE, would reuse its outputs.
        let path = try TestEnvironment.product("libSluicePluginDrift.so")
        let address = try DynamicLibrary.openSymbol(path, SLUICE_PLUGIN_ENTRY_V1_SYMBOL).get()
        let entry = unsafeBitCast(address, to: PluginLoader.Entry.self)
        func stages(minor: UInt32) throws -> [(id: String, volatile: Bool)] {
            let plugin = try #require(entry(1, minor)).pointee
            return (0..<Int(plugin.stage_count)).map { index in
                let stage = plugin.stages[index]!.pointee
                return (String(cString: stage.id), stage.flags & UInt32(SLUICE_STAGE_VOLATILE.rawValue) != 0)
            }
        }

        let for11 = try stages(minor: 1), for10 = try stages(minor: 0)

        #expect(for11.contains { $0.volatile })
        #expect(!for10.contains { $0.volatile })
        #expect(for10.map(\.id) == for11.filter { !$0.volatile }.map(\.id))
    }
}

/// Log lines collected from any thread.
final class LockedLines: @unchecked Sendable {
    // @unchecked: every access goes through the lock.
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
