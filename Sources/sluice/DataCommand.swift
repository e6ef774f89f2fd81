import ArgumentParser
import Foundation
import SluiceArrow
import SluiceJSON
import SluiceStore
import SluiceSupport

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Look at tables: Arrow IPC (Feather V2) files and stored table artifacts.",
        subcommands: [Show.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Schema, row count, the first rows and per-column statistics of a table.")
        @OptionGroup var project: ProjectOption
        @Argument(help: "An Arrow IPC file, or the digest (or unique prefix) of a stored table.") var target: String
        @Option(help: "How many rows to print.") var rows = 10
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let path = try resolve()
                let table = try ArrowIPCFileReader.read(path)
                let summary = table.summary()
                if json {
                    print(JSONValue.object([
                        "path": .string(path),
                        "rows": .integer(Int64(table.rowCount)),
                        "metadata": .object(table.schema.metadata.mapValues(JSONValue.string)),
                        "columns": .array(summary.map { column in
                            .object([
                                "name": .string(column.name), "type": .string(column.type.description), "nulls": .integer(Int64(column.nulls)),
                                "min": column.minimum.map(JSONValue.number) ?? .null, "max": column.maximum.map(JSONValue.number) ?? .null,
                                "mean": column.mean.map(JSONValue.number) ?? .null, "distinct": column.distinct.map { .integer(Int64($0)) } ?? .null,
                            ])
                        }),
                        "head": .array((0..<min(rows, table.rowCount)).map { row in .array(table.rowText(row).map(JSONValue.string)) }),
                    ]).prettyText)
                    return
                }
                print("\(path): \(table.rowCount) rows, \(table.schema.fields.count) columns")
                for (key, value) in table.schema.metadata.sorted(by: { $0.key < $1.key }) { print("  \(key) = \(value)") }
                var stats = [["COLUMN", "TYPE", "NULLS", "MIN", "MAX", "MEAN", "DISTINCT"]]
                for column in summary {
                    stats.append([column.name, column.type.isDictionary ? "category" : column.type.description, String(column.nulls), column.minimum.map(RunReport.number) ?? "",
                                  column.maximum.map(RunReport.number) ?? "", column.mean.map(RunReport.number) ?? "", column.distinct.map(String.init) ?? ""])
                }
                print("\n" + formatTable(stats))
                if rows > 0, table.rowCount > 0 {
                    print("\nfirst \(min(rows, table.rowCount)) rows")
                    print(formatTable([table.schema.fields.map(\.name)] + (0..<min(rows, table.rowCount)).map { table.rowText($0) }))
                }
            }
        }

        /// A file path, or a stored artifact's object file.
        private func resolve() throws -> String {
            if FileManager.default.fileExists(atPath: target) { return target }
            let store = try project.runStore()
            let matches = Set(try digests(matching: target, store: store))
            guard matches.count == 1, let digest = matches.first else {
                throw SluiceError(.dataNotFound, at: target, matches.isEmpty ? "no such file, and no stored artifact has this digest. Give an Arrow file path or a digest from `sluice artifacts list`" : "matches \(matches.count) artifacts; give more of the digest")
            }
            guard let path = try ProjectStores.objectStore(project.directory).localFile(for: digest) else {
                throw SluiceError(.dataNotStored, at: digest, "this artifact's content was removed by `sluice gc`")
            }
            return path
        }
    }
}
