import Foundation
import SluiceTestSupport
import Testing

/// The `classification-python` template end to end, as a user runs it: `sluice new`,
/// then `sluice run` trains in Python (scikit-learn, exported to ONNX by skl2onnx), the
/// ONNX model passes the quality, fairness and equivalence gates, the release waits for
/// approval, and once approved the promoted model predicts what scikit-learn predicted.
@Suite(.serialized) struct ClassificationPythonTemplateTests {
    /// The folder of a `python3` with scikit-learn, skl2onnx and pandas: the package's
    /// `.venv/bin` (scripts/install-deps.sh), else the `python3` on PATH. Missing is a
    /// failure, not a skip: the template cannot run without them.
    static func pythonFolder() throws -> String {
        let check = ["-c", "import sklearn, skl2onnx, pandas"]
        let venv = TestEnvironment.packageRoot + "/.venv/bin"
        if FileManager.default.isExecutableFile(atPath: venv + "/python3"),
           let result = try? runProcess(venv + "/python3", check), result.status == 0 {
            return venv
        }
        if let result = try? runProcess("/usr/bin/env", ["python3"] + check), result.status == 0,
           let found = try? runProcess("/usr/bin/env", ["python3", "-c", "import sys, os; print(os.path.dirname(sys.executable))"]) {
            return found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        throw TestSetupError("no python3 with scikit-learn, skl2onnx and pandas (looked in \(venv) and on PATH), and the classification-python template's train.py needs them: run `bash scripts/install-deps.sh` (it installs them into .venv/)")
    }

    /// `sluice` with that Python first on PATH, as the template's README says to set up.
    static func cli() throws -> ScaffoldCLI {
        var cli = try ScaffoldCLI.built()
        cli.environment["PATH"] = try pythonFolder() + ":" + (cli.environment["PATH"] ?? "/usr/bin:/bin")
        cli.environment["PYTHONDONTWRITEBYTECODE"] = "1"
        return cli
    }

    @Test func aNewProjectPassesItsGatesWaitsForApprovalAndServesWhatScikitLearnPredicted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cli = try Self.cli()
        let created = try cli.run(["new", "demo", "--template", "classification-python"], in: folder.path)
        try #require(created.status == 0, "\(created.stderr)")
        let project = folder.file("demo")

        let waiting = try cli.run(["run"], in: project)
        try #require(waiting.status == 6, "the run stops at the release, waiting for approval: \(waiting.stdout)\n\(waiting.stderr)")
        #expect(waiting.stdout.contains("is waiting for approval of release"), "\(waiting.stdout)")
        let stopped = try cli.lastRun(in: project)
        let stages = ScaffoldCLI.stages(stopped)
        for stage in ["train", "test", "expected", "onnx", "quality", "fairness", "equivalence"] {
            #expect(stages[stage] == "succeeded", "\(stage): \(stages)")
        }
        let metrics = try #require(stopped["metrics"] as? [String: Double])
        for gate in ["quality.gate.accuracy", "quality.gate.roc_auc", "fairness.gate.disparate_impact_ratio", "equivalence.gate.equivalence"] {
            #expect(metrics[gate] == 1, "\(gate): \(metrics.filter { $0.key.contains("gate") })")
        }
        #expect(metrics["equivalence.equivalence.agreement"] == 1, "the ONNX model predicts scikit-learn's label on every test row")
        #expect(metrics["train.sklearn.accuracy"] != nil, "train.py's metrics.json is logged")
        #expect(try cli.run(["models", "show", "demo@production"], in: project).status == 2, "nothing is released before approval")

        #expect(try cli.run(["approve", "last", "release", "--by", "ada", "--note", "gates passed"], in: project).status == 0)
        let resumed = try cli.run(["resume", "last"], in: project)
        try #require(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        let finished = try cli.lastRun(in: project)
        #expect(finished["status"] as? String == "succeeded")
        #expect(ScaffoldCLI.stages(finished)["release"] == "succeeded" && ScaffoldCLI.stages(finished)["bundle"] == "succeeded", "\(ScaffoldCLI.stages(finished))")
        #expect(FileManager.default.fileExists(atPath: project + "/dist/demo/manifest.json"))

        // Raw rows, as production sends them: the features only, no target, no `sex`.
        let test = try Self.csv(project + "/build/test.csv")
        let features = ["age", "income", "debt_ratio", "employment", "region"]
        try Self.write(test, columns: features, to: project + "/raw.csv")
        let sklearn = try Self.csv(project + "/build/sklearn_predictions.csv")
        for model in ["dist/demo", "demo@production"] {
            let predicted = try cli.run(["predict", "--model", model, "--input", "raw.csv", "--output", "predicted.csv", "--only-predictions"], in: project)
            try #require(predicted.status == 0, "\(model): \(predicted.stderr)")
            let onnx = try Self.csv(project + "/predicted.csv")
            try #require(onnx.rows.count == sklearn.rows.count, "\(model): one prediction per test row")
            let labels = try onnx.numbers("prediction"), expected = try sklearn.numbers("prediction")
            let differing = labels.indices.filter { labels[$0] != expected[$0] }
            #expect(differing.isEmpty, "\(model) predicts other labels than scikit-learn on rows \(differing.prefix(10))")
            let probability = try onnx.numbers("probability_1"), expectedProbability = try sklearn.numbers("probability_1")
            let largest = zip(probability, expectedProbability).map { abs($0 - $1) }.max() ?? 0
            #expect(largest <= 1e-5, "\(model): probabilities within float32 rounding of scikit-learn's, largest difference \(largest)")
        }
    }

    /// A CSV file without quoted fields (what train.py and `sluice predict` write here).
    struct CSV {
        let header: [String]
        let rows: [[String]]

        func numbers(_ column: String) throws -> [Double] {
            guard let index = header.firstIndex(of: column) else { throw TestSetupError("no column \(column) in \(header)") }
            return try rows.map { row in
                guard let value = Double(row[index]) else { throw TestSetupError("\(column) '\(row[index])' is not a number") }
                return value
            }
        }
    }

    static func csv(_ path: String) throws -> CSV {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { throw TestSetupError("\(path) is empty") }
        return CSV(header: header, rows: Array(lines.dropFirst()))
    }

    static func write(_ csv: CSV, columns: [String], to path: String) throws {
        let indices = try columns.map { column in
            guard let index = csv.header.firstIndex(of: column) else { throw TestSetupError("no column \(column) in \(csv.header)") }
            return index
        }
        let text = ([columns] + csv.rows.map { row in indices.map { row[$0] } }).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
