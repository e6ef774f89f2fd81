import ArgumentParser
import Foundation
import SluiceEngine
import SluiceJSON
import SluiceRegistry
import SluiceStore
import SluiceSupport

/// Who is acting, for the audit trail: `--by`, else the login name.
struct ActorOption: ParsableArguments {
    @Option(help: "Who decides (default: $USER).") var by: String?
    @Option(help: "Why: kept in the model's history.") var note: String = ""

    var actor: String { by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown" }
}

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "The model registry: versions, aliases (staging, production, canary) and their history.",
        subcommands: [List.self, Show.self, Register.self, Promote.self, Rollback.self, RemoveAlias.self, History.self]
    )

    static func registry(_ project: ProjectOption) throws(SluiceError) -> ModelRegistry {
        ModelRegistry(store: try project.runStore())
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every registered model with its versions and aliases.")
        @OptionGroup var project: ProjectOption
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let models = try ModelsCommand.registry(project).models()
                if json {
                    print(JSONValue.array(models.map { model in
                        .object(["name": .string(model.name), "versions": .number(Double(model.versions.count)),
                                 "latest": .number(Double(model.versions.last?.version ?? 0)),
                                 "aliases": .array(model.aliases.map(ModelsReport.json))])
                    }).prettyText)
                } else if models.isEmpty {
                    print("no models registered yet")
                } else {
                    var rows = [["MODEL", "VERSIONS", "LATEST", "ALIASES"]]
                    for model in models {
                        let aliases = model.aliases.map { "\($0.alias)→\($0.version)" + ($0.percent.map { " (\(ModelsReport.formatPercent($0)))" } ?? "") }
                        rows.append([model.name, String(model.versions.count), model.versions.last.map { "\($0.version) (\(RunReport.timestamp($0.registeredAt)))" } ?? "-",
                                     aliases.isEmpty ? "-" : aliases.joined(separator: ", ")])
                    }
                    print(formatTable(rows))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One model version: NAME (production, else newest), NAME@ALIAS or NAME:VERSION.")
        @OptionGroup var project: ProjectOption
        @Argument(help: "NAME, NAME@ALIAS or NAME:VERSION.") var model: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let store = try project.runStore()
                let registry = ModelRegistry(store: store)
                let version = try registry.resolve(try parseReference(model))
                let aliases = try registry.aliases(of: version.name)
                let metrics = try version.runID.map { run in try store.detail(run).latestMetrics } ?? []
                if json {
                    print(ModelsReport.json(version, aliases: aliases, metrics: metrics).prettyText)
                    return
                }
                let own = aliases.filter { $0.version == version.version }.map(\.alias)
                var lines = [
                    "\(version.name):\(version.version)" + (own.isEmpty ? "" : "  [\(own.joined(separator: ", "))]"),
                    "  digest      \(version.digest)",
                    "  plugin      \(version.pluginID) \(version.pluginVersion) (\(version.mediaType))",
                    "  produced by " + (version.runID.map { "run \($0), stage \(version.stage ?? "?")" } ?? "a file (no run)"),
                    "  registered  \(RunReport.timestamp(version.registeredAt)) by \(version.registeredBy)" + (version.note.isEmpty ? "" : ": \(version.note)"),
                ]
                if let failed = try registry.gateFailures(of: version), !failed.isEmpty {
                    lines.append("  gates       FAILED in its run: \(failed.joined(separator: ", "))")
                }
                if !metrics.isEmpty {
                    lines.append("  metrics")
                    lines += metrics.map { "    \($0.stage).\($0.name) = \(RunReport.number($0.value))" }
                }
                print(lines.joined(separator: "\n"))
            }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "Registers a model artifact (a file or a stored digest) as a new version of NAME.")
        @OptionGroup var plugins: PluginOptions
        @OptionGroup var actor: ActorOption
        @Argument(help: "The model name.") var name: String
        @Option(help: "A model file, or an artifact digest of a recorded run.") var model: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                // Registering a file may be a project's first act: create the store if needed.
                let store = try ProjectStores.runStore(plugins.project)
                let objects = try ProjectStores.objectStore(plugins.project)
                let catalog = plugins.catalog()
                let sources: [any ModelSource] = [FileModelSource(), StoredModelSource(objects: objects, store: store)]
                let loader = ModelLoader(catalog: catalog, sources: sources)
                guard let artifact = try sources.lazy.compactMap({ source throws(SluiceError) in try source.artifact(for: model) }).first else {
                    throw SluiceError(.modelNotFound, at: model, "no model file or stored artifact by this name: looked in \(loader.lookedIn)")
                }
                // Loading it proves a plugin can serve it, and names that plugin.
                let loaded = try loader.load(artifact.bytes.pointer, mediaType: artifact.mediaType, what: artifact.origin)
                let digest = try objects.write(artifact.bytes.pointer, mediaType: artifact.mediaType ?? "")
                let producer = try store.producers(of: digest).first
                let (version, created) = try ModelRegistry(store: store).register(.init(
                    name: name, digest: digest, mediaType: artifact.mediaType ?? loaded.mediaType, pluginID: loaded.pluginID,
                    pluginVersion: loaded.pluginVersion, runID: producer?.run.id, stage: producer?.artifact.stage, by: actor.actor,
                    note: actor.note, modelDescription: loaded.descriptionJSON))
                if json {
                    print(ModelsReport.json(version, aliases: [], metrics: []).prettyText)
                } else {
                    print(created ? "registered \(name):\(version.version) (\(digest))" : "already registered as \(name):\(version.version) (\(digest))")
                }
            }
        }
    }

    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "promote", abstract: "Points an alias at a version: a recorded release decision.")
        @OptionGroup var project: ProjectOption
        @OptionGroup var actor: ActorOption
        @Argument(help: "NAME:VERSION (or NAME@ALIAS to copy another alias).") var model: String
        @Option(help: "The alias to move, e.g. staging, production, canary.") var alias: String
        @Option(help: "For a canary: the share of requests (0-100) it gets.") var percent: Double?
        @Flag(help: "Promote even though the version's run failed a quality gate (recorded).") var force = false
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let registry = try ModelsCommand.registry(project)
                let version = try registry.resolve(try parseReference(model))
                let event = try registry.promote(version.name, version: version.version, alias: alias, percent: percent, by: actor.actor, note: actor.note, force: force)
                if json {
                    print((event.map(ModelsReport.json) ?? .null).prettyText)
                } else {
                    print(event.map(ModelsReport.line) ?? "\(version.name)@\(alias) already points at version \(version.version)")
                }
            }
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Moves an alias back to the version it pointed at before.")
        @OptionGroup var project: ProjectOption
        @OptionGroup var actor: ActorOption
        @Argument(help: "The model name.") var name: String
        @Option(help: "The alias to roll back.") var alias: String = "production"
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let event = try ModelsCommand.registry(project).rollback(name, alias: alias, by: actor.actor, note: actor.note)
                print(json ? ModelsReport.json(event).prettyText : ModelsReport.line(event))
            }
        }
    }

    struct RemoveAlias: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-alias", abstract: "Removes an alias (e.g. ends a canary).")
        @OptionGroup var project: ProjectOption
        @OptionGroup var actor: ActorOption
        @Argument(help: "The model name.") var name: String
        @Option(help: "The alias to remove.") var alias: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let event = try ModelsCommand.registry(project).removeAlias(name, alias: alias, by: actor.actor, note: actor.note)
                print(json ? ModelsReport.json(event).prettyText : ModelsReport.line(event))
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "Every alias move of a model: who, when, from, to, why.")
        @OptionGroup var project: ProjectOption
        @Argument(help: "The model name.") var name: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let registry = try ModelsCommand.registry(project)
                let versions = try registry.versions(of: name, requireAny: true)
                let events = try registry.history(of: name)
                if json {
                    print(JSONValue.object(["versions": .array(versions.map { ModelsReport.json($0, aliases: [], metrics: []) }),
                                            "events": .array(events.map(ModelsReport.json))]).prettyText)
                    return
                }
                var rows = [["TIME", "ACTION", "ALIAS", "FROM", "TO", "BY", "NOTE"]]
                for version in versions {
                    rows.append([RunReport.timestamp(version.registeredAt), "register", "-", "-", String(version.version), version.registeredBy, version.note])
                }
                for event in events {
                    rows.append([RunReport.timestamp(event.time), event.action.rawValue, event.alias, event.fromVersion.map(String.init) ?? "-",
                                 event.toVersion.map(String.init) ?? "-", event.by, event.note])
                }
                let header = rows.removeFirst()
                print(formatTable([header] + rows.sorted { $0[0] < $1[0] }))
            }
        }
    }
}

/// Parses NAME, NAME@ALIAS or NAME:VERSION, or says what is allowed.
func parseReference(_ text: String) throws(SluiceError) -> ModelReference {
    guard let reference = ModelReference(parsing: text) else {
        throw SluiceError(.registryBadReference, at: text, "expected NAME, NAME@ALIAS or NAME:VERSION, where names use \(ModelReference.nameRule)")
    }
    return reference
}
