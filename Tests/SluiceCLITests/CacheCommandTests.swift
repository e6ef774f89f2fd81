import Foundation
import SluiceTestSupport
import Testing

/// What `sluice run` reuses, as a user sees it: a rebuilt plugin reruns its stages, and a
/// reused stage shows the metrics of the run that produced it.
@Suite struct CacheCommandTests {
    /// A project whose pipeline runs the C fixture plugin, compiled into its plugins/ folder.
    final class Project {
        let folder: TemporaryFolder

        init(_ pipeline: String, testkit: Bool = false) throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
            if testkit { try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so") }
            try folder.write("sluice.yaml", pipeline)
        }

        deinit { folder.remove() }

        /// Builds (or rebuilds, in place) the fixture plugin reporting `calls` = `value`.
        func buildPlugin(calls value: Double) throws {
            _ = try compileFixture("plugins/libclip.so", in: folder, defines: ["FIXTURE_CALLS=\(value)"])
        }

        @discardableResult
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        func json(_ arguments: String...) throws -> [String: Any] {
            let result = try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
            return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        }

        /// The newest run: its id, the status of `stage`, and its metrics.
        func last(_ stage: String) throws -> (id: String, status: String?, metrics: [String: Double], stages: [[String: Any]]) {
            let run = try json("runs", "show", "last", "--json")
            let stages = (run["stages"] as? [[String: Any]]) ?? []
            let status = stages.first { $0["name"] as? String == stage }?["status"] as? String
            return (try #require(run["id"] as? String), status, (run["metrics"] as? [String: Double]) ?? [:], stages)
        }
    }

    @Test func rebuildingAPluginWithAChangeRerunsItsStagesAndTouchingItDoesNot() throws {
        let project = try Project("""
            version: 1
            name: clip
            stages:
              work: {uses: fixture.plugin/work}
            """)
        try project.buildPlugin(calls: 1)
        #expect(try project.sluice("run", "--quiet").status == 0)
        let first = try project.last("work")
        #expect(first.status == "succeeded" && first.metrics["work.calls"] == 1)
        let digest = try #require(first.stages.first?["plugin_digest"] as? String)
        #expect(digest.hasPrefix("sha256:"))

        #expect(try project.sluice("run", "--quiet").status == 0)
        #expect(try project.last("work").status == "cached")

        // Same id, version and build fingerprint; different code.
        try project.buildPlugin(calls: 2)
        #expect(try project.sluice("run", "--quiet").status == 0)
        let rebuilt = try project.last("work")
        #expect(rebuilt.status == "succeeded" && rebuilt.metrics["work.calls"] == 2)
        #expect(rebuilt.stages.first?["plugin_digest"] as? String != digest)

        // A new mtime with the same content: hashed again, found unchanged, reused.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: project.folder.file("plugins/libclip.so"))
        #expect(try project.sluice("run", "--quiet").status == 0)
        let touched = try project.last("work")
        #expect(touched.status == "cached" && touched.metrics["work.calls"] == 2)
    }

    @Test func aReusedStageShowsTheMetricsOfTheRunThatProducedIt() throws {
        let project = try Project("""
            version: 1
            name: reuse
            stages:
              train: {uses: sluice.testkit/echo, with: {message: hi, metrics: {accuracy: 0.91}}}
            """, testkit: true)
        #expect(try project.sluice("run", "--quiet").status == 0)
        let first = try project.last("train")
        #expect(try project.sluice("run", "--quiet").status == 0)
        let second = try project.last("train")
        #expect(second.status == "cached" && second.metrics["train.accuracy"] == 0.91)

        let run = try project.json("runs", "show", second.id, "--json")
        let values = try #require(run["metric_values"] as? [[String: Any]])
        #expect(values.count == 1)
        #expect(values.first?["name"] as? String == "accuracy" && values.first?["reused_from"] as? String == first.id)
        let stage = try #require((run["stages"] as? [[String: Any]])?.first?["reused_from"] as? [String: Any])
        #expect(stage["run"] as? String == first.id && stage["stage"] as? String == "train")
        #expect(((try project.json("runs", "show", first.id, "--json")["metric_values"] as? [[String: Any]])?.first?["reused_from"]) is NSNull)

        let shown = try project.sluice("runs", "show", second.id).stdout
        #expect(shown.contains("train.accuracy = 0.91 (reused from \(first.id))"), "\(shown)")

        let compared = try project.sluice("runs", "compare", first.id, second.id)
        #expect(compared.status == 0)
        let row = try #require(compared.stdout.split(separator: "\n").first { $0.contains("metric train.accuracy") })
        #expect(row.components(separatedBy: "0.91").count == 3, "\(compared.stdout)")
        #expect(!row.hasPrefix("*"))
        #expect(compared.stdout.contains("\(second.id): reused train from \(first.id)"))
        let json = try project.json("runs", "compare", first.id, second.id, "--json")
        let accuracy = try #require((json["metrics"] as? [String: Any])?["train.accuracy"] as? [String: Any])
        #expect(accuracy["values"] as? [Double] == [0.91, 0.91] && accuracy["differs"] as? Bool == false)
        #expect((accuracy["reused_from"] as? [Any])?.last as? String == first.id)
    }

    @Test func editingTheFileALoadStageReadsRerunsItWithoutDeclaringIt() throws {
        let project = try Project("""
            version: 1
            name: edited
            stages:
              load:  {uses: sluice.csv/load, with: {path: data.csv, target: y}}
              scale: {uses: sluice.transforms/standardize, needs: {train: load.data}, with: {columns: [x]}}
            """)
        try project.folder.write("data.csv", "x,y\n1,2\n2,4\n")
        #expect(try project.sluice("run").status == 0)
        let again = try project.sluice("run")
        #expect(again.stdout.contains("load   cached"), "\(again.stdout)")
        // Same size, new content: the digest, not the size, decides.
        try project.folder.write("data.csv", "x,y\n1,2\n3,4\n")
        let edited = try project.sluice("run")
        #expect(edited.status == 0, "\(edited)")
        #expect(edited.stdout.contains("load   done"), "the edited file reruns the stage that reads it: \(edited.stdout)")
        #expect(edited.stdout.contains("scale  done"), "\(edited.stdout)")
    }
}
