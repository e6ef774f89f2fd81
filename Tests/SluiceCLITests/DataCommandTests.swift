import Foundation
import SluiceTestSupport
import Testing

/// `sluice data show` on stored tables and Arrow files.
@Suite struct DataCommandTests {
    @Test func showPrintsSchemaStatisticsAndFirstRowsOfAStoredTable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
        try folder.write("sluice.yaml", "version: 1\nname: t\nstages:\n  make: {uses: sluice.testkit/make_table, with: {rows: 6}}\n")
        #expect(try runProcess(TestEnvironment.sluice(), ["run", "--quiet"], directory: folder.path).status == 0)
        let list = try runProcess(TestEnvironment.sluice(), ["artifacts", "list", "--json"], directory: folder.path)
        let artifacts = try #require(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let digest = try #require(artifacts.first { $0["stage"] as? String == "make" }?["digest"] as? String)

        let text = try runProcess(TestEnvironment.sluice(), ["data", "show", String(digest.prefix(20)), "--rows", "2"], directory: folder.path)
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("6 rows, 7 columns"))
        #expect(text.stdout.contains("sluice.target = x"))
        #expect(text.stdout.contains("colour  category"))
        #expect(text.stdout.contains("null  1.0"))

        let json = try runProcess(TestEnvironment.sluice(), ["data", "show", digest, "--json"], directory: folder.path)
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let columns = try #require(report["columns"] as? [[String: Any]])
        let x = try #require(columns.first { $0["name"] as? String == "x" })
        #expect(x["nulls"] as? Int == 1)
        #expect(x["mean"] as? Double == 4.2)
        #expect(columns.first { $0["name"] as? String == "colour" }?["distinct"] as? Int == 2)
    }

    @Test func aFileThatIsNotArrowIsAClearError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("data.csv", "a,b\n1,2\n")
        let result = try runProcess(TestEnvironment.sluice(), ["data", "show", "data.csv"], directory: folder.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("data.csv"))
        #expect(result.stderr.contains("[arrow.bad-magic]"))
    }
}
