import Foundation
import SluiceTestSupport
import Testing

/// `sluice predict` reads a CSV column as the type the model was trained on: a one-hot
/// step over integer categories sees int64 (not the float64 a number would otherwise
/// be read as), so scoring a CSV file gives what scoring the same rows as an Arrow
/// table gives.
@Suite struct PredictIntegerCategoriesTests {
    static let pipeline = """
        version: 1
        stages:
          load:   {uses: sluice.csv/load, with: {path: data.csv, target: y}}
          encode: {uses: sluice.transforms/one_hot, needs: {train: load.data}, with: {columns: [grade], unseen: error}}
          train:  {uses: sluice.linear/ridge, needs: {train: encode.train}, with: {alpha: 0.1}}
          register: {uses: sluice.deploy/register, needs: {model: train.model}, with: {name: graded}}
        """

    static func data() -> String {
        var text = "x,grade,y\n"
        for row in 0..<36 {
            let x = Double(row % 7) * 0.9 - 2, grade = [1, 2, 3, 10][row % 4]
            text += "\(x),\(grade),\(2 * x + Double(grade) * 0.5 + Double(row % 3) * 0.05)\n"
        }
        return text
    }

    @Test func integerCategoriesFromCSVScoreAsFromTheArrowTable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("sluice.yaml", Self.pipeline)
        try folder.write("data.csv", Self.data())
        func sluice(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try runProcess(TestEnvironment.sluice(), arguments, directory: folder.path)
        }
        let run = try sluice("run", "--quiet")
        #expect(run.status == 0, "\(run)")

        let described = try sluice("models", "show", "graded", "--json")
        #expect(described.stdout.contains(#""int64""#), "the model lists grade as int64: \(described.stdout)")

        // The rows the load stage read, as the Arrow table it stored (grade: int64).
        let list = try sluice("artifacts", "list", "--json")
        let artifacts = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        let table = try #require(artifacts.first { $0["stage"] as? String == "load" && $0["name"] as? String == "data" }?["digest"] as? String, "\(list.stdout)")
        let exported = try sluice("artifacts", "export", table, "data.arrow")
        #expect(exported.status == 0, "\(exported)")

        let fromCSV = try sluice("predict", "--model", "graded", "--input", "data.csv", "--output", "from-csv.csv", "--only-predictions")
        #expect(fromCSV.status == 0, "\(fromCSV)")
        let fromArrow = try sluice("predict", "--model", "graded", "--input", "data.arrow", "--output", "from-arrow.csv", "--only-predictions")
        #expect(fromArrow.status == 0, "\(fromArrow)")
        let csv = try String(contentsOfFile: folder.file("from-csv.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 37, "\(csv)")
        #expect(try csv == String(contentsOfFile: folder.file("from-arrow.csv"), encoding: .utf8))

        // A value that is no whole number is refused, naming the column and the type.
        try folder.write("bad.csv", "x,grade\n1.5,2.5\n")
        let bad = try sluice("predict", "--model", "graded", "--input", "bad.csv", "--output", "bad-out.csv")
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.stderr.contains("column 'grade' holds \"2.5\", which is not a whole number; the model was trained on this column as int64"), "\(bad.stderr)")
        #expect(bad.stderr.contains("[predict.bad-number]"), "\(bad.stderr)")
    }
}
