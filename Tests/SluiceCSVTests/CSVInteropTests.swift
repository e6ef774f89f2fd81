import Foundation
@testable import SluiceStore
import SluiceTestSupport
import Testing

/// The table a pipeline run stores is what pyarrow itself reads from the same CSV.
@Suite struct CSVInteropTests {
    @Test func aTableStoredBySluiceRunReadsInPyarrowLikePyarrowsOwnCSVReader() throws {
        let python = try Python.interpreter()  // fails (does not skip) without pyarrow
        let project = try TemporaryFolder()
        defer { project.remove() }
        var lines = ["id,price,ratio,in_stock,name,colour,code"]
        for row in 0..<400 {
            let price = row % 13 == 0 ? "" : String(row * 3 - 100)
            let ratio = row % 17 == 0 ? "NA" : String(format: "%.6f", Double(row) * 1.37e-2 - 2)
            let name = row % 5 == 0 ? "\"Item, \"\"\(row)\"\"\nsecond line\"" : "item \(row) é"
            let colour = ["red", "green", "blue"][row % 3]
            lines.append("\(row),\(price),\(ratio),\(row % 2 == 0 ? "true" : "false"),\(name),\(colour),A-\(row % 28)")
        }
        try project.write("data.csv", lines.joined(separator: "\n") + "\n")
        try project.write("sluice.yaml", """
            version: 1
            name: interop
            stages:
              load: {uses: sluice.csv/load, with: {path: data.csv, target: price}}

            """)

        let run = try runProcess(TestEnvironment.sluice(), ["run"], directory: project.path)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        let store = try SQLiteRunStore(path: project.file(".sluice/sluice.db"))
        let runID = try #require(try store.runs().first?.id)
        let detail = try store.detail(runID)
        let output = try #require(detail.artifacts.first { $0.stage == "load" && $0.role == .output })
        #expect(output.mediaType == "application/vnd.apache.arrow.file")
        let objects = try LocalObjectStore(directory: project.file(".sluice/objects"))
        let stored = try #require(try objects.localFile(for: output.digest))
        #expect(detail.latestMetrics.map { "\($0.name)=\($0.value)" } == ["rows=400.0", "columns=7.0"])

        let script = TestEnvironment.fixtures + "/csv/compare_with_pyarrow.py"
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let compared = try runProcess(python, [script, stored, project.file("data.csv"), "price"], environment: environment)
        #expect(compared.status == 0 && compared.stdout == "same\n", "\(compared.stdout)\(compared.stderr)")
    }
}
