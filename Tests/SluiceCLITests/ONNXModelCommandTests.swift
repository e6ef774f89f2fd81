import Foundation
import SluiceTestSupport
import Testing

/// ONNX models converted by skl2onnx pass through the pipeline, the gates, `sluice
/// models register` and `sluice predict` like Sluice's own, predicting what onnxruntime
/// predicts (float32: to 1e-5 relative), and bad models and inputs get clear errors.
/// The models and onnxruntime's predictions come from
/// Tests/SluiceTestSupport/Fixtures/onnx/plugin_models.py, run in the project folder.
@Suite(.serialized) struct ONNXModelCommandTests {
    final class Project {
        let folder: TemporaryFolder

        init() throws {
            folder = try TemporaryFolder()
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONDONTWRITEBYTECODE"] = "1"
            let script = TestEnvironment.fixtures + "/onnx/plugin_models.py"
            let result = try runProcess(try Python.interpreter(), [script, folder.path], environment: environment)
            guard result.status == 0 else {
                throw TestSetupError("plugin_models.py failed; it needs scikit-learn, skl2onnx and onnxruntime in .venv (run scripts/install-deps.sh):\n\(result.stderr)")
            }
        }

        deinit { folder.remove() }

        @discardableResult
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }

        /// A CSV file of these tests (no quoted fields) as a header and rows.
        func csv(_ name: String) throws -> (header: [String], rows: [[String]]) {
            let lines = try String(contentsOfFile: folder.file(name), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return (lines.first ?? [], Array(lines.dropFirst()))
        }

        func digest(of stage: String) throws -> String {
            let list = try sluice("artifacts", "list", "--json")
            let artifacts = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
            guard let digest = artifacts.first(where: { $0["stage"] as? String == stage && $0["name"] as? String == "model" })?["digest"] as? String else {
                throw TestSetupError("no model of \(stage) in \(list.stdout)")
            }
            return digest
        }
    }

    /// Every column of `expected` (onnxruntime) equals the same column of `scored`:
    /// labels exactly, numbers to float32 precision.
    static func expectAgreement(_ project: Project, scored: String, expected: String) throws {
        let ours = try project.csv(scored), reference = try project.csv(expected)
        #expect(ours.rows.count == reference.rows.count, "\(scored): \(ours.rows.count) rows, onnxruntime \(reference.rows.count)")
        for (j, name) in reference.header.enumerated() {
            guard let k = ours.header.firstIndex(of: name) else {
                Issue.record("\(scored) has no column \(name): \(ours.header)")
                continue
            }
            for (i, (mine, theirs)) in zip(ours.rows.map { $0[k] }, reference.rows.map { $0[j] }).enumerated() {
                if let a = Double(mine), let b = Double(theirs), name != "prediction" || Double(theirs)?.rounded() != Double(theirs) {
                    #expect(abs(a - b) <= 1e-5 * abs(b) + 1e-6, "\(scored) row \(i) \(name): sluice \(a), onnxruntime \(b)")
                } else {
                    #expect(Double(mine).map { String(Int($0)) } ?? mine == theirs, "\(scored) row \(i) \(name): sluice \(mine), onnxruntime \(theirs)")
                }
            }
        }
    }

    @Test func importedModelsAreGatedAndPredictWhatOnnxruntimePredicts() throws {
        let project = try Project()
        try project.folder.write("sluice.yaml", """
            version: 1
            name: onnx
            stages:
              iris_rows:      {uses: sluice.csv/load, with: {path: iris.csv, target: species}}
              iris:           {uses: sluice.onnx/import, needs: {sample: iris_rows.data}, with: {path: iris.onnx}}
              iris_quality:   {uses: sluice.gates/metrics, needs: {model: iris.model, test: iris_rows.data}, with: {gates: {accuracy: ">= 0.9"}}}
              credit_rows:    {uses: sluice.csv/load, with: {path: credit.csv, target: approved}}
              credit:         {uses: sluice.onnx/import, needs: {sample: credit_rows.data}, with: {path: credit.onnx}}
              credit_quality: {uses: sluice.gates/metrics, needs: {model: credit.model, test: credit_rows.data}, with: {gates: {roc_auc: ">= 0.7"}}}
              houses_rows:    {uses: sluice.csv/load, with: {path: houses.csv, target: price}}
              houses:         {uses: sluice.onnx/import, with: {path: houses.onnx}}
              houses_quality: {uses: sluice.gates/metrics, needs: {model: houses.model, test: houses_rows.data}, with: {gates: {r2: ">= 0.5"}}}
            """)
        let run = try project.sluice("run")
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        for (stage, table) in [("iris", "iris"), ("credit", "credit"), ("houses", "houses")] {
            let digest = try project.digest(of: stage)
            let predict = try project.sluice("predict", "--model", digest, "--input", "\(table).csv", "--output", "\(table)_scored.csv")
            #expect(predict.status == 0, "\(predict.stderr)")
            #expect(predict.stdout.contains("by sluice.onnx"), "\(predict.stdout)")
            try Self.expectAgreement(project, scored: "\(table)_scored.csv", expected: "\(table)_expected.csv")
        }
        // The second run reuses every stage: the import's fingerprint has the file's digest.
        let again = try project.sluice("run")
        #expect(again.status == 0)
        #expect(!again.stdout.contains(" done "), "\(again.stdout)")
    }

    @Test func aModelFileWithOneInputPerColumnRegistersAndPredictsAsItIs() throws {
        let project = try Project()
        let register = try project.sluice("models", "register", "credit", "--model", "credit.onnx")
        #expect(register.status == 0, "\(register.stderr)")
        let predict = try project.sluice("predict", "--model", "credit.onnx", "--input", "credit.csv", "--output", "scored.csv")
        #expect(predict.status == 0, "\(predict.stderr)")
        try Self.expectAgreement(project, scored: "scored.csv", expected: "credit_expected.csv")
        // Feature names the training script stored in the metadata name the columns of one tensor.
        let houses = try project.sluice("predict", "--model", "houses.onnx", "--input", "houses.csv", "--output", "houses_scored.csv")
        #expect(houses.status == 0, "\(houses.stderr)")
        try Self.expectAgreement(project, scored: "houses_scored.csv", expected: "houses_expected.csv")
    }

    @Test func oneFeatureTensorWithoutColumnNamesIsRefusedSayingHowToNameThem() throws {
        let project = try Project()
        let predict = try project.sluice("predict", "--model", "iris.onnx", "--input", "iris.csv", "--output", "scored.csv")
        #expect(predict.status != 0)
        #expect(predict.stderr.contains("input 'X'") && predict.stderr.contains("sluice.onnx/import") && predict.stderr.contains("sluice.features"), "\(predict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.folder.file("scored.csv")))
    }

    @Test func anUnsupportedOperatorIsRefusedAtImportByNameDomainAndTheSupportedList() throws {
        let project = try Project()
        try project.folder.write("sluice.yaml", """
            version: 1
            name: unsupported
            stages:
              model: {uses: sluice.onnx/import, with: {path: unsupported.onnx, features: [a, b]}}
            """)
        let run = try project.sluice("run")
        #expect(run.status != 0)
        let output = run.stdout + run.stderr
        #expect(output.contains("Einsum") && output.contains("ai.onnx") && output.contains("Gemm") && output.contains("TreeEnsembleClassifier"), "\(output)")
    }

    @Test func aTruncatedModelFileIsAClearErrorNotACrash() throws {
        let project = try Project()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: project.folder.file("credit.onnx")))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: project.folder.file("cut.onnx")))
        let predict = try project.sluice("predict", "--model", "cut.onnx", "--input", "credit.csv", "--output", "scored.csv")
        #expect(predict.status != 0)
        #expect(predict.stderr.contains("onnx.truncated") || predict.stderr.contains("onnx.corrupt"), "\(predict.stderr)")
    }

    @Test func textWhereTheModelTakesNumbersNamesTheColumnAndTheInput() throws {
        let project = try Project()
        var text = try String(contentsOfFile: project.folder.file("credit.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\n18.0,", with: "\neighteen,")
        text = text.replacingOccurrences(of: "\n19.0,", with: "\nnineteen,")
        try project.folder.write("bad.csv", text)
        // sluice predict reads the file as the model's description says and stops at the line.
        let predict = try project.sluice("predict", "--model", "credit.onnx", "--input", "bad.csv", "--output", "scored.csv")
        #expect(predict.status != 0)
        #expect(predict.stderr.contains("bad.csv:15") && predict.stderr.contains("column 'age'"), "\(predict.stderr)")
        // In a pipeline the loader makes the column text; the model refuses it by column and input.
        try project.folder.write("sluice.yaml", """
            version: 1
            name: mistyped
            stages:
              rows:  {uses: sluice.csv/load, with: {path: bad.csv, target: approved}}
              model: {uses: sluice.onnx/import, needs: {sample: rows.data}, with: {path: credit.onnx}}
            """)
        let run = try project.sluice("run")
        #expect(run.status != 0)
        let output = run.stdout + run.stderr
        #expect(output.contains("column 'age' is string") && output.contains("input 'age'"), "\(output)")
    }
}
