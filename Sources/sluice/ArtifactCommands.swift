import ArgumentParser
import Foundation
import SluiceEngine
import SluiceJSON
import SluiceStore
import SluiceSupport

/// The recorded artifact digests that start with `reference` (with or without "sha256:").
func digests(matching reference: String, store: any RunStore) throws -> [String] {
    let wanted = reference.hasPrefix("sha256:") ? reference : "sha256:" + reference
    return try store.artifactIndex().map(\.artifact.digest).filter { $0.hasPrefix(wanted) }
}

/// Resolves a digest given in full or as a unique prefix (with or without "sha256:").
private func resolveDigest(_ reference: String, store: any RunStore) throws -> String {
    let wanted = reference.hasPrefix("sha256:") ? reference : "sha256:" + reference
    let matches = try digests(matching: reference, store: store)
    if matches.contains(wanted) { return wanted }
    guard matches.count == 1 else {
        throw SluiceError(.artifactsUnknown, at: reference,
                          matches.isEmpty ? "no recorded artifact has this digest. List them with `sluice artifacts list`" : "matches \(matches.count) artifacts; give more of the digest")
    }
    return matches[0]
}

struct LineageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "Where an artifact came from, back to the raw inputs.",
        discussion: "Give an artifact digest (or a unique prefix), or RUN/STAGE."
    )
    @OptionGroup var project: ProjectOption
    @Argument(help: "DIGEST or RUN/STAGE.") var target: String
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let store = try project.runStore()
            let node: LineageNode
            var header: String
            if let slash = target.firstIndex(of: "/") {
                let run = try store.resolveRunID(String(target[..<slash]))
                node = try LineageNode.of(runID: run, stage: String(target[target.index(after: slash)...]), store: store)
                header = "\(run)/\(node.stage.stage)"
            } else {
                let (artifact, found) = try LineageNode.of(digest: try resolveDigest(target, store: store), store: store)
                node = found
                header = "\(artifact.digest) (\(artifact.stage).\(artifact.name), \(artifact.size) B)"
            }
            if json {
                print(Self.json(node).prettyText)
            } else {
                header += "\n" + Self.text(node, indent: "")
                print(header)
            }
        }
    }

    static func text(_ node: LineageNode, indent: String) -> String {
        let stage = node.stage
        var lines = ["\(indent)└─ stage \(stage.stage): \(stage.uses) \(stage.pluginVersion) [\(PluginReport.shortBuild(stage.pluginBuild))], run \(node.runID), \(stage.status.rawValue)"]
        let inner = indent + "   "
        lines.append("\(inner)config: \(stage.config)")
        if let fingerprint = stage.fingerprint { lines.append("\(inner)fingerprint: \(fingerprint)") }
        for (path, digest) in stage.deps.sorted(by: { $0.key < $1.key }) { lines.append("\(inner)file \(path): \(digest)") }
        for input in node.inputs {
            lines.append("\(inner)input \(input.port) <- \(input.sourceStage).\(input.sourcePort) \(input.digest)")
            if let producer = input.producer { lines.append(text(producer, indent: inner + "   ")) }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ node: LineageNode) -> JSONValue {
        .object([
            "run": .string(node.runID),
            "pipeline": .string(node.pipeline),
            "stage": .string(node.stage.stage),
            "uses": .string(node.stage.uses),
            "plugin_version": .string(node.stage.pluginVersion),
            "plugin_build": .string(node.stage.pluginBuild),
            "status": .string(node.stage.status.rawValue),
            "config": (try? JSONValue.parse(node.stage.config)) ?? .string(node.stage.config),
            "fingerprint": node.stage.fingerprint.map(JSONValue.string) ?? .null,
            "params": .object(node.params.mapValues { (try? JSONValue.parse($0)) ?? .string($0) }),
            "files": .object(node.stage.deps.mapValues(JSONValue.string)),
            "outputs": .object(Dictionary(node.outputs.map { ($0.name, JSONValue.string($0.digest)) }, uniquingKeysWith: { $1 })),
            "inputs": .array(node.inputs.map { input in
                .object([
                    "port": .string(input.port), "from": .string("\(input.sourceStage).\(input.sourcePort)"), "digest": .string(input.digest),
                    "producer": input.producer.map(json) ?? .null,
                ])
            }),
        ])
    }
}

struct ArtifactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "List, show and export stored artifacts.",
        subcommands: [List.self, Show.self, Export.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every stored artifact, newest first.")
        @OptionGroup var project: ProjectOption
        @Option(name: .customLong("run"), help: "Only the artifacts of this run.") var runID: String?
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let store = try project.runStore()
                let index = try store.artifactIndex(runID: try runID.map { try store.resolveRunID($0) })
                if json {
                    print(JSONValue.array(index.map { entry in
                        .object(["digest": .string(entry.artifact.digest), "stage": .string(entry.artifact.stage), "name": .string(entry.artifact.name),
                                 "role": .string(entry.artifact.role.rawValue), "media_type": .string(entry.artifact.mediaType),
                                 "size": .integer(Int64(entry.artifact.size)), "runs": .integer(Int64(entry.runs)), "newest_run": .string(entry.newestRun)])
                    }).prettyText)
                    return
                }
                var rows = [["DIGEST", "SIZE", "PRODUCED AS", "RUNS", "NEWEST RUN", "MEDIA TYPE"]]
                for entry in index {
                    rows.append([String(entry.artifact.digest.prefix(19)), "\(entry.artifact.size) B", "\(entry.artifact.stage).\(entry.artifact.name)",
                                 String(entry.runs), entry.newestRun, entry.artifact.mediaType])
                }
                print(index.isEmpty ? "no artifacts yet" : formatTable(rows))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One artifact: size, producers and the start of its content.")
        @OptionGroup var project: ProjectOption
        @Argument(help: "The digest (or a unique prefix).") var digest: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let store = try project.runStore()
                let resolved = try resolveDigest(digest, store: store)
                let producers = try store.producers(of: resolved)
                let objects = try ProjectStores.objectStore(project.directory)
                let stored = objects.contains(resolved)
                let file = stored ? try objects.localFile(for: resolved) : nil
                if json {
                    print(JSONValue.object([
                        "digest": .string(resolved), "stored": .bool(stored), "path": file.map(JSONValue.string) ?? .null,
                        "producers": .array(producers.map { .object(["run": .string($0.run.id), "stage": .string($0.artifact.stage), "name": .string($0.artifact.name),
                                                                     "role": .string($0.artifact.role.rawValue)]) }),
                    ]).prettyText)
                    return
                }
                let first = producers.first?.artifact
                print("\(resolved)\n  size:       \(first?.size ?? 0) B\n  media type: \(first?.mediaType ?? "?")\n  stored:     \(file ?? "no (removed by gc)")")
                print("  produced by:")
                for producer in producers { print("    \(producer.run.id) \(producer.artifact.stage).\(producer.artifact.name) (\(producer.artifact.role.rawValue))") }
                if stored, let buffer = try objects.read(digest: resolved), let text = String(validating: Array(buffer.data.prefix(400)), as: UTF8.self) {
                    print("  content:\n" + text.split(separator: "\n", omittingEmptySubsequences: false).prefix(8).map { "    " + $0 }.joined(separator: "\n"))
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Copy an artifact out of the store to a file.")
        @OptionGroup var project: ProjectOption
        @Argument(help: "The digest (or a unique prefix).") var digest: String
        @Argument(help: "Where to write it.") var path: String

        func run() throws {
            try reportingErrors {
                let store = try project.runStore()
                let resolved = try resolveDigest(digest, store: store)
                let objects = try ProjectStores.objectStore(project.directory)
                guard let buffer = try objects.read(digest: resolved) else {
                    throw SluiceError(.artifactsNotStored, at: resolved, "this artifact is recorded but its content was removed by `sluice gc`. Run the stage again")
                }
                do {
                    try buffer.data.write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw SluiceError(.artifactsCannotWrite, at: path, "cannot write: \(error.localizedDescription)")
                }
                print("wrote \(buffer.count) B to \(path)")
            }
        }
    }
}

struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete stored objects that no kept run refers to.",
        discussion: "By default every recorded run is kept and only unreferenced objects go. --keep-last N also forgets all but the newest N runs of each pipeline (runs that are running or waiting for approval are always kept). Try --dry-run first."
    )
    @OptionGroup var project: ProjectOption
    @Option(name: .customLong("keep-last"), help: "Keep only the newest N runs of each pipeline.") var keepLast: Int?
    @Flag(help: "Say what would be deleted, delete nothing.") var dryRun = false

    func validate() throws {
        if let keepLast, keepLast < 1 { throw ValidationError("--keep-last must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let store = try project.runStore()
            try store.markInterruptedRuns()
            let objects = try ProjectStores.objectStore(project.directory)
            let report = try GarbageCollector(store: store, objects: objects).collect(keepLast: keepLast, dryRun: dryRun)
            let verb = dryRun ? "would delete" : "deleted"
            print("\(verb) \(report.deletedRuns.count) run(s) and \(report.deletedObjects) object(s), \(ByteCountFormatter.string(fromByteCount: report.freedBytes, countStyle: .file))")
            for run in report.deletedRuns { print("  run \(run)") }
        }
    }
}
