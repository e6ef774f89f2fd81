import Foundation
import SluiceTestSupport
import Testing

/// `sluice plugins ...` as a user runs it.
@Suite struct PluginsCommandTests {
    /// Runs the built `sluice` in `directory` with SLUICE_PLUGIN_PATH set to `pluginPath`.
    private func sluice(_ arguments: [String], in directory: String, pluginPath: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["SLUICE_PLUGIN_PATH"] = pluginPath
        return try runProcess(TestEnvironment.sluice(), arguments, environment: environment, directory: directory)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func listShowsBuiltInProjectAndPathPluginsAsJSON() throws {
        let project = try TemporaryFolder()
        let extra = try TemporaryFolder()
        defer { project.remove(); extra.remove() }
        try FileManager.default.createDirectory(atPath: project.file("plugins"), withIntermediateDirectories: true)
        _ = try compileFixture("plugins/libproject.so", in: project, defines: [#"FIXTURE_ID="acme.project""#])
        _ = try compileFixture("libextra.so", in: extra, defines: [#"FIXTURE_ID="acme.extra""#])

        let result = try sluice(["plugins", "list", "--json"], in: project.path, pluginPath: extra.path)

        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result.stdout)
        let plugins = try #require(report["plugins"] as? [[String: Any]])
        // Project plugins first, then SLUICE_PLUGIN_PATH, then the built-ins.
        #expect(plugins.prefix(2).map { $0["id"] as? String } == ["acme.project", "acme.extra"])
        #expect(plugins.prefix(2).map { $0["origin"] as? String } == ["project", "SLUICE_PLUGIN_PATH"])
        let builtIn = plugins.dropFirst(2)
        #expect(builtIn.allSatisfy { $0["origin"] as? String == "built-in" })
        let hello = try #require(builtIn.first { $0["id"] as? String == "sluice.hello-c" })
        let stages = try #require(hello["stages"] as? [[String: Any]])
        #expect(stages.first?["kind"] as? String == "loader")
        #expect((report["problems"] as? [Any])?.isEmpty == true)
    }

    @Test func listReportsABrokenPluginButStillListsTheRest() throws {
        let project = try TemporaryFolder()
        let extra = try TemporaryFolder()
        defer { project.remove(); extra.remove() }
        _ = try compileFixture("libbroken.so", in: extra, defines: ["FIXTURE_NO_ENTRY"])

        let result = try sluice(["plugins", "list"], in: project.path, pluginPath: extra.path)

        #expect(result.status == 3)
        #expect(result.stdout.contains("sluice.hello-c"))
        #expect(result.stderr == "\(extra.file("libbroken.so")): error: has no `sluice_plugin_entry_v1` symbol, so it is not a Sluice plugin (or not for protocol 1). Export the entry point with SLUICE_EXPORT (C) or @c(sluice_plugin_entry_v1) (Swift) [plugin.no-entry]\n")
    }

    @Test func aMissingPluginFolderIsAnError() throws {
        let project = try TemporaryFolder()
        defer { project.remove() }
        let result = try sluice(["plugins", "list"], in: project.path, pluginPath: "/nonexistent/plugins")
        #expect(result.status == 3)
        #expect(result.stderr.contains("/nonexistent/plugins: error: plugin folder (from SLUICE_PLUGIN_PATH) does not exist"))
    }

    @Test func inspectShowsStagesSchemasAndPorts() throws {
        let project = try TemporaryFolder()
        defer { project.remove() }
        let text = try sluice(["plugins", "inspect", "sluice.hello-c"], in: project.path)
        #expect(text.status == 0)
        #expect(text.stdout.contains("stage sluice.hello-c/greet (loader, 1.0.0)"))
        #expect(text.stdout.contains("names (blob, optional)"))
        #expect(text.stdout.contains("\"maximum\" : 100"))

        let machine = try json(try sluice(["plugins", "inspect", "sluice.hello-c", "--json"], in: project.path).stdout)
        let stage = try #require((machine["stages"] as? [[String: Any]])?.first)
        let schema = try #require(stage["config_schema"] as? [String: Any])
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    @Test func inspectingAnUnknownPluginSaysWhatExists() throws {
        let project = try TemporaryFolder()
        defer { project.remove() }
        let result = try sluice(["plugins", "inspect", "sluice.helo-c"], in: project.path)
        #expect(result.status == 3)
        #expect(result.stderr.contains("no plugin 'sluice.helo-c' was found. Did you mean 'sluice.hello-c'?"))
    }

    @Test func runExecutesOneStageAndWritesItsOutputs() throws {
        let project = try TemporaryFolder()
        defer { project.remove() }
        try project.write("names.txt", "Ada\nGrace\n")
        let result = try sluice([
            "plugins", "run", "sluice.hello-c/greet", "--with", #"{"greeting": "Hi"}"#,
            "--input", "names=names.txt", "--output-dir", "out",
        ], in: project.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("[metric] greetings = 2.0"))
        #expect(try String(contentsOfFile: project.file("out/text"), encoding: .utf8) == "Hi, Ada!\nHi, Grace!\n")
    }

    @Test func runRefusesABadConfigWithTheFieldAndAHint() throws {
        let project = try TemporaryFolder()
        defer { project.remove() }
        let result = try sluice(["plugins", "run", "sluice.hello-c/greet", "--with", #"{"nme": "Ada"}"#], in: project.path)
        #expect(result.status == 3)
        #expect(result.stderr.contains("/nme: unknown field 'nme'; did you mean 'name'?"))
    }
}
