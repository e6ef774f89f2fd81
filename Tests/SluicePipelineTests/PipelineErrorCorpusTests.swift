import Foundation
@testable import SluicePipeline
import SluicePipelineTestSupport
import SluiceTestSupport
import Testing

/// Every `Fixtures/pipelines/bad/NAME.yaml` must fail to load with exactly the text in
/// `NAME.expected`: all its diagnostics, rendered as a user sees them. Adding a pair of
/// files adds a case. In the expected text `$FILE` stands for the pipeline file, `$DIR`
/// for its folder and `$PLUGINS` for the folder holding the test plugins.
///
/// To write the `.expected` file of a new fixture, run the tests once with
/// SLUICE_WRITE_EXPECTED=1, then read what was written as carefully as code.
@Suite struct PipelineErrorCorpusTests {
    static let folder = TestEnvironment.fixtures + "/pipelines/bad"

    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".yaml") }
        .map { String($0.dropLast(".yaml".count)) }
        .sorted()

    /// What the fixtures may rely on besides the file: no overrides, and one variable.
    static let environment = ["HOME": "/home/tester"]

    @Test func theCorpusIsThere() {
        #expect(Self.names.count >= 20, "no fixtures found in \(Self.folder)")
    }

    @Test(arguments: names)
    func aBadPipelineReportsExactlyItsExpectedDiagnostics(name: String) throws {
        let workspace = try PipelineWorkspace()
        defer { workspace.remove() }
        let file = Self.folder + "/" + name + ".yaml"
        let expectedFile = Self.folder + "/" + name + ".expected"

        var rendered = "(loaded without errors)"
        do {
            _ = try PipelineLoader.load(file: file, environment: Self.environment, searchPath: workspace.searchPath(project: Self.folder))
        } catch {
            rendered = error.description
                .replacingOccurrences(of: file, with: "$FILE")
                .replacingOccurrences(of: Self.folder, with: "$DIR")
                .replacingOccurrences(of: workspace.plugins, with: "$PLUGINS")
        }

        if ProcessInfo.processInfo.environment["SLUICE_WRITE_EXPECTED"] == "1" {
            try Data((rendered + "\n").utf8).write(to: URL(fileURLWithPath: expectedFile))
        }
        let expected = try String(contentsOfFile: expectedFile, encoding: .utf8)
        #expect(rendered == expected.trimmingCharacters(in: .newlines), "\(name).yaml")
    }
}
