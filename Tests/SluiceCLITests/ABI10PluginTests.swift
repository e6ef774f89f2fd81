import Foundation
import SluiceTestSupport
import Testing

/// The protocol's promise: a plugin built against sluice_abi.h 1.0 loads and runs,
/// unchanged, in every later 1.x host. The plugin in Tests/Fixtures/ABI10 is compiled
/// against the frozen 1.0 header beside it, never the current one.
@Suite(.serialized) struct ABI10PluginTests {
    static let folder = TestEnvironment.packageRoot + "/Tests/Fixtures/ABI10"

    /// A project whose plugins/ folder holds the 1.0 plugin, and a pipeline of its stages
    /// ending with a built-in gate that loads its model through sluice.models/1.
    final class Project {
        let folder: TemporaryFolder

        init() throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
            try compileABI10Plugin(into: folder.file("plugins/libabi10.so"))
            try folder.write("sluice.yaml", """
                version: 1
                name: abi10
                stages:
                  numbers: {uses: abi10.fixture/numbers, with: {rows: 30}}
                  scale: {uses: abi10.fixture/scale, needs: [numbers], with: {factor: 2}}
                  fit: {uses: abi10.fixture/fit, needs: [scale]}
                  evaluate: {uses: sluice.gates/metrics, needs: [fit, scale], with: {gates: {r2: ">= 0.99"}}}
                """)
        }

        deinit { folder.remove() }

        func sluice(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        func json(_ arguments: [String]) throws -> Any {
            let result = try sluice(arguments)
            guard result.status == 0 else { throw TestSetupError("sluice \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        }
    }

    /// Compiles the fixture with the frozen header's folder as the ONLY include path.
    static func compileABI10Plugin(into output: String) throws {
        let result = try runProcess("/usr/bin/env", [
            "cc", "-std=c99", "-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-Werror=implicit-function-declaration",
            "-I", folder, folder + "/abi10_plugin.c", "-o", output,
        ])
        guard result.status == 0 else { throw TestSetupError("compiling the ABI 1.0 fixture failed:\n\(result.stderr)") }
    }

    @Test func theFrozenHeaderIsStillProtocol10() throws {
        // Guards the fixture itself: an "update" of the copy would make these tests prove nothing.
        let header = try String(contentsOfFile: Self.folder + "/sluice_abi.h", encoding: .utf8)
        #expect(header.contains("SLUICE_ABI_MINOR = 0"))
        #expect(!header.contains("SLUICE_STAGE_VOLATILE"))
        #expect(!header.contains("training_data"))
        #expect(!header.contains("project_dir"))
    }

    @Test func loadsWithoutProblemsAndKeepsItsProtocolVersion() throws {
        let project = try Project()
        let report = try #require(try project.json(["plugins", "list", "--json"]) as? [String: Any])
        let plugins = try #require(report["plugins"] as? [[String: Any]])
        let plugin = try #require(plugins.first { $0["id"] as? String == "abi10.fixture" })
        #expect(plugin["protocol"] as? String == "1.0")
        let stages = try #require(plugin["stages"] as? [[String: Any]])
        #expect(stages.map { $0["id"] as? String } == ["numbers", "scale", "fit"])
        #expect(stages.map { $0["kind"] as? String } == ["loader", "transformer", "trainer"])
        #expect(stages.allSatisfy { $0["volatile"] as? Bool == false && $0["examples"] as? Int == 0 })
        #expect((report["problems"] as? [Any])?.isEmpty == true, "\(report["problems"] ?? "")")
    }

    @Test func itsPipelineRunsEndToEndWithLogsMetricsArtifactsAndAGateOverItsModel() throws {
        let project = try Project()
        let run = try project.sluice(["run"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let output = run.stdout + run.stderr
        // Logs of each 1.0 stage, its metrics, and the built-in gate that predicted with
        // the 1.0 model through sluice.models/1 (y = 2x + 1 with x doubled: slope 1, intercept 1).
        #expect(output.contains("made 30 rows of y = 2x + 1"))
        #expect(output.contains("fitted a line by least squares"))
        #expect(output.contains("slope=1 intercept=1"))
        #expect(output.contains("gate passed: r2 = 1"))
        let artifacts = try #require(try project.json(["artifacts", "list", "--json"]) as? [[String: Any]])
        let produced = Set(artifacts.map { "\($0["stage"] as? String ?? "").\($0["name"] as? String ?? "")" })
        #expect(produced.isSuperset(of: ["numbers.data", "scale.data", "fit.model", "fit.fit-summary"]), "\(produced)")
    }

    @Test func itsModelPredictsThroughSluicePredict() throws {
        let project = try Project()
        #expect(try project.sluice(["run", "--quiet"]).status == 0)
        let artifacts = try #require(try project.json(["artifacts", "list", "--json"]) as? [[String: Any]])
        let model = try #require(artifacts.first { $0["stage"] as? String == "fit" && $0["name"] as? String == "model" }?["digest"] as? String)
        try project.folder.write("rows.csv", "x\n10\n0.5\n")

        let predict = try project.sluice(["predict", "--model", model, "--input", "rows.csv", "--output", "scored.csv"])

        #expect(predict.status == 0, "\(predict.stderr)")
        #expect((predict.stdout + predict.stderr).contains("by abi10.fixture 1.0.0"), "\(predict.stdout)")
        let scored = try String(contentsOfFile: project.folder.file("scored.csv"), encoding: .utf8)
        #expect(scored == "x,prediction\n10.0,11.0\n0.5,1.5\n")
    }
}
