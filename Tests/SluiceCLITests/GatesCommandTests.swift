import Foundation
import SluiceTestSupport
import Testing

/// `sluice run` of a pipeline with a quality gate, as a user runs it: the run ends
/// with exit code 5 when a gate fails, and says which metric missed which threshold.
@Suite struct GatesCommandTests {
    /// A project with a CSV, the test plugin (its test models stand in for a trainer)
    /// and a pipeline gating r2 with `condition`.
    final class Project {
        let folder: TemporaryFolder

        init(condition: String) throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
            try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
            try folder.write("houses.csv", "x,y\n1,3\n2,5\n3,7\n4,9\n5,12\n")
            try folder.write("sluice.yaml", """
                version: 1
                name: gated
                stages:
                  load:     {uses: sluice.csv/load, with: {path: houses.csv, target: y}}
                  train:    {uses: sluice.testkit/fit_mean, needs: [load], with: {feature: x, slope: 2, intercept: 1}}
                  evaluate: {uses: sluice.gates/metrics, needs: [train, load], with: {gates: {r2: "\(condition)", mae: "<= 1"}}}
                """)
        }

        deinit { folder.remove() }

        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }
    }

    @Test func aFailedGateEndsTheRunWithExitCode5() throws {
        let project = try Project(condition: ">= 0.99")
        let result = try project.sluice("run")
        #expect(result.status == 5, "\(result)")
        let output = result.stdout + result.stderr
        #expect(output.contains("r2 = 0.9795 is not >= 0.99"), "\(output)")
        #expect(output.contains("gate-failed"), "\(output)")

        let run = try project.sluice("runs", "show", "last", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
        #expect(json["status"] as? String == "gate-failed")
        let metrics = try #require(json["metrics"] as? [String: Double])
        #expect(metrics["evaluate.gate.r2"] == 0)
        #expect(metrics["evaluate.gate.mae"] == 1)
    }

    @Test func aPassingGateEndsTheRunWithExitCode0() throws {
        let project = try Project(condition: ">= 0.9")
        let result = try project.sluice("run")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("gate passed: r2 = 0.9795 meets >= 0.9"), "\(result.stdout)")
    }

    @Test func theGatesPluginIsBuiltIn() throws {
        let project = try Project(condition: ">= 0.9")
        let result = try project.sluice("plugins", "inspect", "sluice.gates")
        #expect(result.status == 0, "\(result)")
        for stage in ["metrics", "champion", "fairness", "invariance"] {
            #expect(result.stdout.contains(stage), "\(result.stdout)")
        }
    }
}
