import Foundation
import SluiceTestSupport
import Testing

/// Delivery as a user drives it: a pipeline registers and promotes a model, people move
/// aliases with `sluice models`, every move is in the history, and a bundle ships.
@Suite struct RegistryCommandTests {
    /// A project whose pipeline trains a test model (slope from `slope`), gates it on
    /// r2, and promotes it to production behind the gate.
    final class Project {
        let folder: TemporaryFolder

        init() throws {
            folder = try TemporaryFolder()
            try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
            try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
            try folder.write("houses.csv", "x,y\n1,3\n2,5\n3,7\n4,9\n5,12\n")
            try folder.write("sluice.yaml", """
                version: 1
                name: houses
                params: {slope: 2, min_r2: 0.9}
                stages:
                  load:     {uses: sluice.csv/load, with: {path: houses.csv, target: y}}
                  train:    {uses: sluice.testkit/fit_mean, needs: [load], with: {feature: x, slope: "${params.slope}", intercept: 1}}
                  evaluate: {uses: sluice.gates/metrics, needs: [train, load], with: {gates: {r2: ">= ${params.min_r2}"}}}
                  release:  {uses: sluice.deploy/promote, needs: [train.model, evaluate], with: {name: houses, note: "from the pipeline"}}
                  bundle:   {uses: sluice.deploy/export, needs: [train.model, release], with: {path: dist/houses, name: houses, overwrite: true}}
                """)
        }

        deinit { folder.remove() }

        @discardableResult
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        func json(_ arguments: String...) throws -> Any {
            let result = try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
            #expect(result.status == 0, "\(result)")
            return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        }
    }

    @Test func aPipelineRegistersAndPromotesItsModelAndAReRunAddsNoVersion() throws {
        let project = try Project()
        #expect(try project.sluice("run").status == 0)
        #expect(try project.sluice("run").status == 0)

        let show = try #require(try project.json("models", "show", "houses@production", "--json") as? [String: Any])
        #expect(show["version"] as? Double == 1)
        #expect(show["plugin"] as? String == "sluice.testkit")
        #expect(show["stage"] as? String == "train", "the version links to the stage that trained it")
        #expect((show["metrics"] as? [String: Double])?["evaluate.r2"] != nil)
        let list = try #require(try project.json("models", "list", "--json") as? [[String: Any]])
        #expect(list.first?["versions"] as? Double == 1, "the same artifact is registered once")
    }

    @Test func aReleaseBehindApprovalIsPromotedOnlyOnceApprovedAndInTheApproversName() throws {
        let project = try Project()
        let yaml = try String(contentsOfFile: project.folder.file("sluice.yaml"), encoding: .utf8)
        try project.folder.write("sluice.yaml", yaml.replacingOccurrences(
            of: "release:  {uses: sluice.deploy/promote,", with: "release:  {approval: manual, uses: sluice.deploy/promote,"))

        #expect(try project.sluice("run").status == 6, "the run waits for approval")
        #expect(try project.sluice("models", "show", "houses@production").status == 2, "nothing is released yet")
        #expect(try project.sluice("approve", "last", "release", "--by", "grace", "--note", "r2 fine").status == 0)
        #expect(try project.sluice("resume", "last").status == 0)

        let history = try #require(try project.json("models", "history", "houses", "--json") as? [String: Any])
        let event = try #require((history["events"] as? [[String: Any]])?.last)
        #expect(event["by"] as? String == "grace", "the alias move is the approver's decision")
        #expect(event["to"] as? Double == 1)
    }

    @Test func theChampionGateComparesWithTheVersionInProduction() throws {
        let project = try Project()
        #expect(try project.sluice("run").status == 0, "slope 2 fits the data and is released to production")
        let yaml = try String(contentsOfFile: project.folder.file("sluice.yaml"), encoding: .utf8)
        try project.folder.write("sluice.yaml", yaml.replacingOccurrences(of: "  release:", with: """
              champion: {uses: sluice.gates/champion, needs: [train, load], with: {champion: houses@production, metric: r2, tolerance: 0.01}}
              release:
            """))

        let worse = try project.sluice("run", "--set", "slope=3", "--set", "min_r2=-100")
        #expect(worse.status == 5, "a candidate worse than production fails the champion gate: \(worse)")
        let same = try project.sluice("run")
        #expect(same.status == 0, "the champion itself is not worse than itself: \(same)")

        // The same candidate again: the other stages are reused, but the champion gate runs
        // again, since the production alias may have moved since its last verdict.
        #expect(try project.sluice("run").status == 0)
        let run = try #require(try project.json("runs", "show", "last", "--json") as? [String: Any])
        let stages = try #require(run["stages"] as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: stages.compactMap { stage in (stage["name"] as? String).map { ($0, stage["status"] as? String ?? "") } })
        #expect(status["train"] == "cached")
        #expect(status["champion"] == "succeeded", "\(status)")
    }

    @Test func peoplePromoteAndRollBackWithAFullHistory() throws {
        let project = try Project()
        #expect(try project.sluice("run").status == 0)
        #expect(try project.sluice("run", "--set", "slope=2.1", "--set", "min_r2=0").status == 0)

        let promoted = try project.sluice("models", "promote", "houses:1", "--alias", "production", "--by", "ada", "--note", "v2 drifts")
        #expect(promoted.status == 0, "\(promoted)")
        #expect(promoted.stdout.contains("houses@production → houses:1 (was 2) by ada"), "\(promoted.stdout)")
        let rollback = try project.sluice("models", "rollback", "houses", "--alias", "production", "--by", "bob")
        #expect(rollback.status == 0 && rollback.stdout.contains("→ houses:2"), "\(rollback)")

        let history = try #require(try project.json("models", "history", "houses", "--json") as? [String: Any])
        let events = try #require(history["events"] as? [[String: Any]])
        #expect(events.map { $0["action"] as? String } == ["promote", "promote", "promote", "rollback"])
        #expect(events.map { $0["by"] as? String }.suffix(2) == ["ada", "bob"])
        #expect(events[2]["note"] as? String == "v2 drifts")
    }

    @Test func aVersionWhoseGateFailedIsNotPromoted() throws {
        let project = try Project()
        let failed = try project.sluice("run", "--set", "min_r2=0.999")
        #expect(failed.status == 5, "\(failed)")
        let registered = try project.sluice("models", "register", "houses", "--model", "plugins/../houses.csv")
        #expect(registered.status != 0, "a CSV is not a model any plugin loads: \(registered)")

        // Register the gated run's model by its digest, then try to promote it.
        let artifacts = try #require(try project.json("artifacts", "list", "--json") as? [[String: Any]])
        let model = try #require(artifacts.first { ($0["media_type"] as? String)?.contains("test-regressor") == true }?["digest"] as? String)
        #expect(try project.sluice("models", "register", "houses", "--model", model).status == 0)
        let refused = try project.sluice("models", "promote", "houses:1", "--alias", "production")
        #expect(refused.status == 5, "\(refused)")
        #expect(refused.stderr.contains("failed the quality gate(s) evaluate"), "\(refused.stderr)")
        #expect(try project.sluice("models", "promote", "houses:1", "--alias", "production", "--force").status == 0)
    }

    @Test func theBundleHoldsTheModelItsPluginAndAManifestOfDigests() throws {
        let project = try Project()
        #expect(try project.sluice("run").status == 0)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: project.folder.file("dist/houses/manifest.json")))) as? [String: Any])
        #expect(manifest["format"] as? String == "sluice.bundle/1")
        #expect(manifest["name"] as? String == "houses")
        #expect(manifest["version"] as? Double == 1)
        let files = try #require(manifest["files"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        #expect(files.contains("model.json") && files.contains("plugins/libtestkit.so"), "\(files)")

        // Every file is there with the digest the manifest gives.
        for entry in try #require(manifest["files"] as? [[String: Any]]) {
            let path = try #require(entry["path"] as? String)
            let file = project.folder.file("dist/houses/" + path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.count == entry["bytes"] as? Int, "\(path)")
            let sum = try runProcess("/usr/bin/sha256sum", [file], directory: project.folder.path)
            #expect(sum.stdout.split(separator: " ").first.map(String.init) == entry["sha256"] as? String, "\(path)")
        }
    }

    @Test func unknownModelsAndBadReferencesSayWhatToDo() throws {
        let project = try Project()
        #expect(try project.sluice("run").status == 0)
        let unknown = try project.sluice("models", "show", "huoses")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Did you mean 'houses'") || unknown.stderr.contains("houses"), "\(unknown.stderr)")
        let badAlias = try project.sluice("models", "show", "houses@canary")
        #expect(badAlias.stderr.contains("its aliases: production → 1"), "\(badAlias.stderr)")
        let traversal = try project.sluice("models", "promote", "../houses:1", "--alias", "production")
        #expect(traversal.status == 2 && traversal.stderr.contains("registry.bad-reference"), "\(traversal)")
    }
}
