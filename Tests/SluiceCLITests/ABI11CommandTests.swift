import Foundation
import SluiceTestSupport
import Testing

/// What protocol 1.1 added, as a user of `sluice` meets it.
@Suite struct ABI11CommandTests {
    func sluice(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in extra { environment[name] = value }
        return try runProcess(TestEnvironment.sluice(), arguments, environment: environment, directory: directory)
    }

    /// A project with the 1.1 fixture in plugins/, a data file and a pipeline that reads
    /// it by a relative path.
    func project(defines: [String] = []) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        _ = try compileABI11Fixture("plugins/libabi11.so", in: folder, defines: defines)
        try folder.write("data.csv", "x,y\n1,2\n3,4\n")
        try folder.write("sluice.yaml", """
            version: 1
            name: abi11
            stages:
              where: {uses: abi11.fixture/where, with: {label: abc}}
              load: {uses: sluice.csv/load, with: {path: data.csv}}
            """)
        return folder
    }

    @Test func stagesGetTheProjectFolderWhereverSluiceIsStarted() throws {
        let project = try project()
        let elsewhere = try TemporaryFolder()
        defer { project.remove(); elsewhere.remove() }

        let run = try sluice(["run", project.file("sluice.yaml")], in: elsewhere.path)

        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let root = URL(fileURLWithPath: project.path).standardizedFileURL.path
        #expect((run.stdout + run.stderr).contains("project_dir=\(root)"), "\(run.stdout)")
        // sluice.csv/load reads data.csv in the project, not in the folder sluice ran in.
        #expect((run.stdout + run.stderr).contains("read 2 rows x 2 columns from data.csv"), "\(run.stdout)")
    }

    @Test func patternIsCheckedWithAMessageNamingTheKey() throws {
        let project = try project()
        defer { project.remove() }
        try project.write("sluice.yaml", """
            version: 1
            name: abi11
            stages:
              where: {uses: abi11.fixture/where, with: {label: ABC}}
            """)

        let run = try sluice(["run"], in: project.path)

        #expect(run.status != 0)
        #expect(run.stderr.contains("label"), "\(run.stderr)")
        #expect(run.stderr.contains(#""ABC" does not match the pattern "^[a-z]+$""#), "\(run.stderr)")
    }

    @Test func aSchemaWithAnUnknownKeywordIsAPluginProblemAndFailsThePipelineThatUsesIt() throws {
        let schema = #"ABI11_SCHEMA="{\"type\":\"object\",\"propertyNames\":{\"maxLength\":3}}""#
        let project = try project(defines: [schema])
        defer { project.remove() }

        let list = try sluice(["plugins", "list", "--json"], in: project.path)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let problems = try #require(report["problems"] as? [[String: Any]])
        let problem = try #require(problems.first { $0["code"] as? String == "plugin.bad-schema" }, "\(problems)")
        #expect((problem["message"] as? String)?.contains("stage 'where': config_schema at /propertyNames: unsupported keyword 'propertyNames'") == true, "\(problem)")

        let run = try sluice(["run"], in: project.path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("unsupported keyword 'propertyNames'"), "\(run.stderr)")
    }

    @Test func theExampleCountIsShownPerStage() throws {
        let project = try project()
        defer { project.remove() }
        let list = try sluice(["plugins", "list", "--json"], in: project.path)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let plugins = try #require(report["plugins"] as? [[String: Any]])
        let stages = try #require(plugins.first { $0["id"] as? String == "abi11.fixture" }?["stages"] as? [[String: Any]])
        #expect(stages.first?["examples"] as? Int == 1)
        let hello = try #require(plugins.first { $0["id"] as? String == "sluice.hello-c" }?["stages"] as? [[String: Any]])
        #expect(hello.first?["examples"] as? Int == 1, "the built-in C example stage declares one example")
        let transforms = try #require(plugins.first { $0["id"] as? String == "sluice.transforms" }?["stages"] as? [[String: Any]])
        #expect(transforms.first { $0["id"] as? String == "select" }?["examples"] as? Int == 1, "a SluiceKit stage declares one too")
        // Every built-in plugin's schema uses only keywords the host implements, and every
        // declared example is well formed: nothing was refused.
        #expect((report["problems"] as? [Any])?.isEmpty == true, "\(report["problems"] ?? "")")
    }

    @Test func aFailingInitShowsAsAProblemWithThePluginsMessage() throws {
        let project = try project(defines: ["ABI11_INIT_FAILS"])
        defer { project.remove() }

        let list = try sluice(["plugins", "list", "--json"], in: project.path)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let problems = try #require(report["problems"] as? [[String: Any]])

        let problem = try #require(problems.first { $0["code"] as? String == "plugin.init-failed" }, "\(problems)")
        #expect((problem["message"] as? String)?.contains("the licence file next to the plugin is missing") == true)
        #expect((report["plugins"] as? [[String: Any]])?.contains { $0["id"] as? String == "abi11.fixture" } == false)
    }

    @Test func deinitRunsAtExitWithWhatInitStored() throws {
        let project = try project()
        defer { project.remove() }
        let marker = project.file("deinit.txt")

        let list = try sluice(["plugins", "list"], in: project.path, environment: ["ABI11_DEINIT_FILE": marker])

        #expect(list.status == 0)
        let text = try String(contentsOfFile: marker, encoding: .utf8)
        let library = URL(fileURLWithPath: project.file("plugins/libabi11.so")).standardizedFileURL.path
        #expect(text == "deinit \(library)\n", "deinit runs once, given what init stored (the plugin's path)")
    }
}
