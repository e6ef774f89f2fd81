import Foundation
import SluiceTestSupport
import Testing

/// `sluice predict`: a model trained by `sluice run` scores CSV and Arrow files in
/// batches, with the same numbers whatever the batch size and format.
@Suite(.serialized) struct PredictCommandTests {
    /// A project whose run trained a ridge model on y and a logistic model on species.
    final class Project {
        let folder: TemporaryFolder
        let ridge: String
        let logistic: String

        init() throws {
            folder = try TemporaryFolder()
            var csv = "x1,x2,note,y,species\n"
            for i in 0..<60 {
                let a = Double(i % 13) * 0.7 - 3, b = Double((i * 7) % 11) / 3
                let species = a + b > 1 ? "b" : (a > -1 ? "a" : "c")
                csv += "\(a),\(b),\(i % 5 == 0 ? "\"say, \"\"hi\"\"\"" : "plain"),\(2 * a - b + Double(i % 3) * 0.1),\(species)\n"
            }
            try folder.write("data.csv", csv)
            try folder.write("sluice.yaml", """
                version: 1
                name: predict
                stages:
                  load: {uses: sluice.csv/load, with: {path: data.csv, target: y}}
                  ridge: {uses: sluice.linear/ridge, needs: [load], with: {features: [x1, x2], alpha: 0.5}}
                  logistic: {uses: sluice.linear/logistic, needs: [load], with: {features: [x1, x2], target: species}}
                """)
            let run = try sluice(["run", "--quiet"], in: folder)
            guard run.status == 0 else { throw TestSetupError("sluice run failed: \(run.stderr)") }
            let list = try sluice(["artifacts", "list", "--json"], in: folder)
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

        func predict(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try sluice(["predict"] + arguments, in: folder)
        }

        func text(_ name: String) throws -> String { try String(contentsOfFile: folder.file(name), encoding: .utf8) }
    }

    static func sluice(_ arguments: [String], in folder: TemporaryFolder) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
    }

    /// Runs Python (pyarrow) code with the project folder as the working directory.
    static func python(_ code: String, in folder: TemporaryFolder) throws -> String {
        let result = try runProcess(try Python.interpreter(), ["-c", code], directory: folder.path)
        guard result.status == 0 else { throw TestSetupError("python failed: \(result.stderr)") }
        return result.stdout
    }

    @Test func aCSVIsScoredKeepingItsColumnsWhateverTheBatchSize() throws {
        let project = try Project()
        var outputs: [String] = []
        for size in ["1", "7", "100000"] {
            let result = try project.predict(["--model", String(project.ridge.prefix(20)), "--input", "data.csv", "--output", "out\(size).csv", "--batch-size", size])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("60 rows scored"))
            outputs.append(try project.text("out\(size).csv"))
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
        let lines = outputs[0].split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "x1,x2,note,y,species,prediction")
        #expect(lines.count == 62)  // header, 60 rows, the final newline
        #expect(lines[1].hasPrefix(#"-3.0,0.0,"say, ""hi""","#))

        // pandas reads it back: the quoted text survives and the predictions are numbers.
        let check = try Self.python("""
            import pandas as pd
            out, data = pd.read_csv("out7.csv"), pd.read_csv("data.csv")
            assert list(out["note"]) == list(data["note"]), "text columns changed"
            assert out["prediction"].dtype == "float64"
            print(len(out))
            """, in: project.folder)
        #expect(check.trimmingCharacters(in: .whitespacesAndNewlines) == "60")
    }

    @Test func anArrowFileWrittenByPyarrowIsScoredBatchByBatchIntoArrow() throws {
        let project = try Project()
        // Five record batches of 12 rows, and the species as a categorical column.
        _ = try Self.python("""
            import pandas as pd, pyarrow as pa
            frame = pd.read_csv("data.csv")
            frame["species"] = frame["species"].astype("category")
            table = pa.Table.from_pandas(frame, preserve_index=False)
            with pa.ipc.new_file("data.arrow", table.schema) as writer:
                for batch in table.to_batches(max_chunksize=12):
                    writer.write_batch(batch)
            """, in: project.folder)
        let csv = try project.predict(["--model", project.logistic, "--input", "data.csv", "--output", "expected.csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        for size in ["1", "7", "100000"] {
            let result = try project.predict(["--model", project.logistic, "--input", "data.arrow", "--output", "out\(size).arrow", "--batch-size", size])
            #expect(result.status == 0, "\(result.stderr)")
            let same = try Self.python("""
                import pandas as pd, pyarrow as pa
                out = pa.ipc.open_file("out\(size).arrow").read_all().to_pandas()
                expected = pd.read_csv("expected.csv")
                assert list(out.columns) == list(expected.columns), (list(out.columns), list(expected.columns))
                assert str(out["species"].dtype) == "category"
                assert list(out["prediction"]) == list(expected["prediction"])
                for c in ["probability_a", "probability_b", "probability_c"]:
                    assert (out[c] - expected[c]).abs().max() == 0, c
                print("same")
                """, in: project.folder)
            #expect(same.contains("same"))
        }
    }

    @Test func onlyPredictionsAndAModelFileWork() throws {
        let project = try Project()
        #expect(try Self.sluice(["artifacts", "export", project.logistic, "model.json"], in: project.folder).status == 0)
        let result = try project.predict(["--model", "model.json", "--input", "data.csv", "--output", "p.csv", "--only-predictions"])
        #expect(result.status == 0, "\(result.stderr)")
        let header = try project.text("p.csv").split(separator: "\n").first
        #expect(header == "prediction,probability_a,probability_b,probability_c")
    }

    @Test func anEmptyInputGivesTheColumnsAndNoRows() throws {
        let project = try Project()
        try project.folder.write("empty.csv", "x1,x2\n")
        let result = try project.predict(["--model", project.ridge, "--input", "empty.csv", "--output", "empty_out.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try project.text("empty_out.csv") == "x1,x2,prediction\n")
    }

    @Test func anUnknownModelIsAUsageErrorSayingWhereItLooked() throws {
        let project = try Project()
        let missing = try project.predict(["--model", "nothing.json", "--input", "data.csv", "--output", "o.csv"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("[model.not-found]"))
        #expect(missing.stderr.contains("the artifacts of recorded runs"))
        let registry = try project.predict(["--model", "houses@production", "--input", "data.csv", "--output", "o.csv"])
        #expect(registry.status == 2)
        #expect(registry.stderr.contains("the model registry"), "\(registry.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.folder.file("o.csv")))
    }

    @Test func aMissingFeatureColumnNamesItAndWritesNothing() throws {
        let project = try Project()
        try project.folder.write("partial.csv", "x1,other\n1.5,a\n")
        let result = try project.predict(["--model", project.ridge, "--input", "partial.csv", "--output", "o.arrow"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("'x2'"))
        #expect(result.stderr.contains("[model.invalid-input]"))
        #expect(!FileManager.default.fileExists(atPath: project.folder.file("o.arrow")))
        try project.folder.write("text.csv", "x1,x2\n1.5,abc\n")
        let text = try project.predict(["--model", project.ridge, "--input", "text.csv", "--output", "o.csv"])
        #expect(text.stderr.contains("text.csv:2"))
        #expect(text.stderr.contains("'x2' holds \"abc\""))
    }
}
