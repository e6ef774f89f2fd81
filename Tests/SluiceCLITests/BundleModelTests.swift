import Foundation
import SluiceTestSupport
import Testing

/// What is trained is what is served: a bundle written by `sluice.deploy/export` is a
/// model reference like the digest of the model it holds, predicts exactly what that
/// model predicts, passes an equivalence gate against it, and is refused, naming the
/// file, once a file of it changes.
@Suite(.serialized) struct BundleModelTests {
    /// A project whose run trains a ridge and a logistic model and exports each as a bundle.
    final class Project {
        let folder: TemporaryFolder
        let ridge: String
        let logistic: String

        init() throws {
            folder = try TemporaryFolder()
            var csv = "x1,x2,y,species\n"
            for i in 0..<40 {
                let a = Double(i % 13) * 0.7 - 3, b = Double((i * 7) % 11) / 3
                let species = a + b > 1 ? "b" : (a > -1 ? "a" : "c")
                csv += "\(a),\(b),\(2 * a - b + Double(i % 3) * 0.1),\(species)\n"
            }
            try folder.write("data.csv", csv)
            try folder.write("sluice.yaml", """
                version: 1
                name: bundled
                stages:
                  load:     {uses: sluice.csv/load, with: {path: data.csv, target: y}}
                  ridge:    {uses: sluice.linear/ridge, needs: [load], with: {features: [x1, x2], alpha: 0.5}}
                  logistic: {uses: sluice.linear/logistic, needs: [load], with: {features: [x1, x2], target: species}}
                  ship_ridge:    {uses: sluice.deploy/export, needs: [ridge.model], with: {path: dist/ridge, overwrite: true}}
                  ship_logistic: {uses: sluice.deploy/export, needs: [logistic.model], with: {path: dist/logistic, overwrite: true}}
                """)
            let run = try runProcess(TestEnvironment.sluice(), ["run", "--quiet"], directory: folder.path)
            guard run.status == 0 else { throw TestSetupError("sluice run failed: \(run.stderr)") }
            let list = try runProcess(TestEnvironment.sluice(), ["artifacts", "list", "--json"], directory: folder.path)
            let artifacts = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
            func digest(_ stage: String) throws -> String {
                guard let digest = artifacts.first(where: { $0["stage"] as? String == stage && $0["name"] as? String == "model" })?["digest"] as? String else {
                    throw TestSetupError("no model of \(stage) in \(list.stdout)")
                }
                return digest
            }
            ridge = try digest("ridge")
            logistic = try digest("logistic")
        }

        deinit { folder.remove() }

        @discardableResult
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        func text(_ name: String) throws -> String { try String(contentsOfFile: folder.file(name), encoding: .utf8) }

        /// Appends a byte to a file of a bundle, as a careless copy or an edit would change it.
        func tamper(_ name: String) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file(name)))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\n".utf8))
            try handle.close()
        }
    }

    @Test func aBundlePredictsExactlyWhatTheModelsDigestPredicts() throws {
        let project = try Project()
        for (bundle, digest) in [("dist/ridge", project.ridge), ("dist/logistic", project.logistic)] {
            let byDigest = try project.sluice("predict", "--model", digest, "--input", "data.csv", "--output", "by-digest.csv")
            #expect(byDigest.status == 0, "\(byDigest.stderr)")
            let byBundle = try project.sluice("predict", "--model", bundle, "--input", "data.csv", "--output", "by-bundle.csv")
            #expect(byBundle.status == 0, "\(byBundle.stderr)")
            #expect(byBundle.stdout.contains("40 rows scored"), "\(byBundle.stdout)")
            #expect(byBundle.stdout.contains("by sluice.linear"), "\(byBundle.stdout)")
            #expect(try project.text("by-bundle.csv") == project.text("by-digest.csv"), "\(bundle)")
            // An absolute path and a trailing slash name the same bundle.
            let absolute = try project.sluice("predict", "--model", project.folder.file(bundle) + "/", "--input", "data.csv", "--output", "absolute.csv")
            #expect(absolute.status == 0, "\(absolute.stderr)")
            #expect(try project.text("absolute.csv") == project.text("by-digest.csv"))
        }
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: project.folder.file("dist/ridge/manifest.json")))) as? [String: Any])
        #expect(manifest["model"] as? String == "model.json")
        let plugins = try #require(manifest["plugins"] as? [[String: Any]])
        #expect(plugins.count == 1)
        #expect(plugins.first?["id"] as? String == "sluice.linear")
        #expect(plugins.first?["path"] as? String == "plugins/libSluicePluginLinear.so")
    }

    @Test func anEquivalenceGateAgainstTheBundlePasses() throws {
        let project = try Project()
        try project.folder.write("check.yaml", """
            version: 1
            name: check
            stages:
              load:     {uses: sluice.csv/load, with: {path: data.csv, target: y}}
              ridge:    {uses: sluice.linear/ridge, needs: [load], with: {features: [x1, x2], alpha: 0.5}}
              logistic: {uses: sluice.linear/logistic, needs: [load], with: {features: [x1, x2], target: species}}
              same_ridge:    {uses: sluice.gates/equivalence, needs: [ridge, load], with: {other: dist/ridge, tolerance: 0, relative_tolerance: 0}}
              same_logistic: {uses: sluice.gates/equivalence, needs: [logistic, load], with: {other: dist/logistic}}
              other_model:   {uses: sluice.gates/equivalence, needs: [ridge, load], with: {other: "\(project.ridge)"}}
            """)
        let run = try project.sluice("run", "check.yaml")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("equivalence gate passed: the candidate and 'dist/ridge' give the same predictions on all 40 rows"), "\(run.stdout)")
        #expect(run.stdout.contains("equivalence gate passed: the candidate and 'dist/logistic' give the same class probabilities on all 40 rows"), "\(run.stdout)")
        #expect(run.stdout.contains("agree on the label of 40 of 40 rows (100%)"), "\(run.stdout)")

        // A bundle of another model fails the gate with exit code 5, naming the worst row.
        try project.folder.write("differ.yaml", """
            version: 1
            name: differ
            stages:
              load:  {uses: sluice.csv/load, with: {path: data.csv, target: y}}
              ridge: {uses: sluice.linear/ridge, needs: [load], with: {features: [x1, x2], alpha: 5}}
              same:  {uses: sluice.gates/equivalence, needs: [ridge, load], with: {other: dist/ridge}}
            """)
        let differ = try project.sluice("run", "differ.yaml")
        #expect(differ.status == 5, "\(differ)")
        #expect((differ.stdout + differ.stderr).contains("equivalence gate failed: the candidate and 'dist/ridge' give predictions that differ"), "\(differ)")
        #expect((differ.stdout + differ.stderr).contains("the worst, row "), "\(differ)")
    }

    @Test func aTamperedBundleIsRefusedNamingTheFile() throws {
        let project = try Project()
        try project.tamper("dist/ridge/plugins/libSluicePluginLinear.so")
        let library = try project.sluice("predict", "--model", "dist/ridge", "--input", "data.csv", "--output", "out.csv")
        #expect(library.status == 1, "\(library)")
        #expect(library.stderr.contains("dist/ridge/plugins/libSluicePluginLinear.so: error: this file of the bundle has"), "\(library.stderr)")
        #expect(library.stderr.contains("[model.bundle-modified]"), "\(library.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.folder.file("out.csv")))

        // A changed byte, same size: the digest tells.
        let model = project.folder.file("dist/logistic/model.json")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let digit = try #require(bytes.firstIndex { (UInt8(ascii: "1")...UInt8(ascii: "8")).contains($0) })
        bytes[digit] += 1
        try bytes.write(to: URL(fileURLWithPath: model))
        let edited = try project.sluice("predict", "--model", "dist/logistic", "--input", "data.csv", "--output", "out.csv")
        #expect(edited.status == 1, "\(edited)")
        #expect(edited.stderr.contains("dist/logistic/model.json: error: this file's SHA-256 is"), "\(edited.stderr)")

        // A gate naming it fails the stage with the same message.
        try project.folder.write("check.yaml", """
            version: 1
            name: check
            stages:
              load:  {uses: sluice.csv/load, with: {path: data.csv, target: y}}
              ridge: {uses: sluice.linear/ridge, needs: [load], with: {features: [x1, x2], alpha: 0.5}}
              same:  {uses: sluice.gates/equivalence, needs: [ridge, load], with: {other: dist/ridge}}
            """)
        let gate = try project.sluice("run", "check.yaml")
        #expect(gate.status == 4, "\(gate)")
        #expect((gate.stdout + gate.stderr).contains("dist/ridge/plugins/libSluicePluginLinear.so: this file of the bundle has"), "\(gate)")
    }
}
