import ArgumentParser
import Foundation
import SluiceArrow
import SluiceEngine
import SluiceJSON
import SluicePlugins
import SluiceScaffold
import SluiceStore
import SluiceSupport

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "Find, inspect, try, check and create stage plugins.",
        subcommands: [List.self, Inspect.self, Run.self, Check.self, New.self],
        // `sluice plugin new NAME` reads better for the one plugin being created.
        aliases: ["plugin"]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every plugin found and its stages.")

        @OptionGroup var options: PluginOptions
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let catalog = options.catalog()
            if json {
                print(PluginReport.catalog(catalog).prettyText)
            } else {
                var rows = [["ID", "VERSION", "BUILD", "FROM", "PATH"]]
                for plugin in catalog.plugins {
                    rows.append([plugin.id, plugin.version, PluginReport.shortBuild(plugin.build), plugin.origin, plugin.path])
                    for stage in plugin.stages {
                        rows.append(["  " + stage.id, stage.version, stage.kind.name, "", stage.description])
                    }
                }
                print(catalog.plugins.isEmpty ? "no plugins found" : formatTable(rows))
                print("searched: " + catalog.searched.map { "\($0.path) (\($0.origin))" }.joined(separator: ", "))
            }
            for problem in catalog.problems { printError(problem.description) }
            if !catalog.problems.isEmpty { throw ExitCode(ExitStatus.configError.rawValue) }
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show one plugin's stages with their config schema and ports.")

        @OptionGroup var options: PluginOptions
        @Flag(help: "Print machine-readable JSON.") var json = false
        @Argument(help: "The plugin id, e.g. sluice.hello-c.") var id: String

        func run() throws {
            let catalog = options.catalog()
            guard let plugin = catalog.plugin(id) else {
                for problem in catalog.problems { printError(problem.description) }
                do {
                    _ = try catalog.stage(id + "/-")
                } catch {
                    throw fail(error)
                }
                return
            }
            if json {
                print(PluginReport.plugin(plugin, detailed: true).prettyText)
                return
            }
            print("\(plugin.id) \(plugin.version)  \(plugin.description)")
            print("  file:     \(plugin.path) (\(plugin.origin))")
            print("  build:    \(plugin.build)")
            print("  protocol: \(plugin.abiMajor).\(plugin.abiMinor)")
            for stage in plugin.stages {
                print("\nstage \(plugin.id)/\(stage.id) (\(stage.kind.name), \(stage.version))\(stage.threadSafe ? " thread-safe" : "")\(stage.volatile ? " volatile (never cached)" : "")")
                if !stage.description.isEmpty { print("  \(stage.description)") }
                for (title, ports) in [("inputs", stage.inputs), ("outputs", stage.outputs)] where !ports.isEmpty {
                    print("  \(title):")
                    for port in ports {
                        print("    \(port.name) (\(port.kind.name)\(port.optional ? ", optional" : ""))\(port.description.isEmpty ? "" : "  \(port.description)")")
                    }
                }
                print("  config schema:")
                print(stage.configSchema.prettyText.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
        commandName: "run",
            abstract: "Run one stage by itself, for developing and trying plugins.",
            discussion: "Logs and metrics go to standard error; each output is written to OUTPUT-DIR/PORT."
        )

        @OptionGroup var options: PluginOptions
        @Argument(help: "The stage, as plugin-id/stage-id.") var stage: String
        @Option(name: .customLong("with"), help: "The stage's config as JSON.") var config: String = "{}"
        @Option(name: .customLong("input"), help: "PORT=FILE: bytes for an input port (repeatable).") var inputs: [String] = []
        @Option(name: .customLong("output-dir"), help: "Where to write the outputs.") var outputDirectory: String = "."

        func run() throws {
            let catalog = options.catalog()
            try reportingErrors {
                let (plugin, stageInfo) = try catalog.stage(stage)
                let config: JSONValue
                do {
                    config = try JSONValue.parse(self.config)
                } catch {
                    throw SluiceError(.cliBadJson, at: "--with", "is not valid JSON: \(error.localizedDescription). Quote it for the shell, e.g. --with '{\"name\": \"Ada\"}'")
                }
                var values: [String: PortValue] = [:]
                for input in inputs {
                    let parts = input.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let data = FileManager.default.contents(atPath: parts[1]) else {
                        throw SluiceError(.cliBadInput, at: "--input \(input)", "expected PORT=FILE with a readable file")
                    }
                    values[parts[0]] = .bytes(.from(data), mediaType: "application/octet-stream")
                }
                let work = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(UUID().uuidString)").path
                try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: work) }
                let context = StageContext(runID: "adhoc", stageName: stageInfo.id, workDirectory: work, events: { event in
                    printError(PluginReport.line(for: event))
                }, models: ModelLoader(catalog: catalog))
                let live: any StageInstance
                if plugin.foreignToolchain {
                    // Never in this process: see PluginLoader.
                    guard let executable = WorkerSettings.findExecutable() else {
                        throw SluiceError(.workerStart, at: plugin.path, "plugin '\(plugin.id)' was built by another Swift toolchain and runs only in a worker process, but the sluice executable was not found; set SLUICE_WORKER_EXECUTABLE")
                    }
                    printError("info: plugin '\(plugin.id)' was built by another Swift toolchain ('\(plugin.build)', this sluice: '\(PluginLoader.swiftFingerprint)'): it runs in a worker process")
                    live = try WorkerStage(plugin: plugin, stage: stageInfo, config: config, context: context,
                                           settings: WorkerSettings(executable: executable, pluginFolders: catalog.searched))
                } else {
                    live = try LiveStage(plugin: plugin, stage: stageInfo, config: config, context: context)
                }
                let outputs = try live.run(inputs: values)
                try? FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
                for (port, value) in outputs.sorted(by: { $0.key < $1.key }) {
                    let path = outputDirectory + "/" + port
                    switch value {
                    case .bytes(let buffer, _):
                        guard FileManager.default.createFile(atPath: path, contents: buffer.data) else {
                            throw SluiceError(.cliCannotWrite, at: path, "cannot write the output '\(port)'. Check that the folder is writable")
                        }
                        print("\(port): \(buffer.count) bytes (\(value.mediaType)) -> \(path)")
                    case .table(let table):
                        try ArrowIPCFileWriter.write(table, to: path + ".arrow")
                        print("\(port): table of \(table.rowCount) rows, \(table.schema.fields.count) columns -> \(path).arrow")
                    }
                }
            }
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
        commandName: "new",
            abstract: "Create a plugin project whose example stage builds, loads and runs at once.",
            discussion: "The build command is printed at the end. The plugin's id defaults to com.example.NAME; its example stage is named NAME."
        )

        enum Language: String, ExpressibleByArgument, CaseIterable { case swift, c }

        @Argument(help: "The plugin's name: lowercase letters, digits, '-' and '_', starting with a letter.") var name: String
        @Option(help: "The language: swift (a SwiftPM package using SluiceKit) or c (a Makefile and the header).") var lang: Language
        @Option(help: "The example stage's kind: \(StageKindName.all.joined(separator: ", ")).") var kind = "transformer"
        @Option(help: "The plugin id (default: com.example.NAME).") var id: String?
        @Option(help: "The folder to create (default: ./NAME).") var directory: String?
        @Option(help: "A plugin template other than plugin-LANG.") var template: String?
        @OptionGroup var options: ScaffoldOptions

        func run() throws {
            try reportingErrors {
                try ScaffoldNames.checkPlugin(name)
                let pluginID = id ?? "com.example." + name.replacingOccurrences(of: "_", with: "-")
                try ScaffoldNames.checkPluginID(pluginID)
                guard StageKindName.all.contains(kind) else {
                    throw SluiceError(.scaffoldBadKind, at: "--kind \(kind)", "unknown stage kind. Use one of: \(StageKindName.all.joined(separator: ", "))")
                }
                let found = try options.catalog().template(template ?? "plugin-\(lang.rawValue)", kind: .plugin)
                let installation = SluiceInstallation.locate()
                guard lang != .swift || installation.sdk != nil else {
                    throw SluiceError(.scaffoldNoSdk, at: "--lang swift", "the Swift SDK (SluiceKit) was not found beside this sluice: neither PREFIX/share/sluice/sdk nor a source checkout. Install sluice with `make install PREFIX=...`, or run the sluice built in a checkout")
                }
                let sdk = installation.sdk ?? ""
                let builtIns: [String: TemplateValue] = [
                    "name": .string(name),
                    "sluice_version": .string(Sluice.configuration.version),
                    "plugin_id": .string(pluginID),
                    "module": .string(ScaffoldNames.swiftModule(name)),
                    "c_name": .string(ScaffoldNames.cIdentifier(name)),
                    "kind": .string(kind),
                    // SluiceKit's protocol for the kind, and the C header's constant.
                    "kind_type": .string(kind.prefix(1).uppercased() + kind.dropFirst()),
                    "kind_constant": .string("SLUICE_STAGE_" + kind.uppercased()),
                    "sdk_path": .string(sdk),
                    "sdk_package": .string(URL(fileURLWithPath: sdk).lastPathComponent),
                ]
                try options.scaffold(found, builtIns: builtIns, into: directory ?? name, what: "\(lang == .swift ? "Swift" : "C") plugin '\(pluginID)'")
            }
        }
    }
}
