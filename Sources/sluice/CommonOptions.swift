import ArgumentParser
import Foundation
import SluicePipeline
import SluicePlugins
import SluiceSupport

/// Options every command that loads plugins shares.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("project"), help: "The project folder (its plugins/ folder is searched first).")
    var project: String = FileManager.default.currentDirectoryPath

    @Option(name: .customLong("plugin-path"), help: "Another folder to search for plugins (repeatable).")
    var pluginPaths: [String] = []

    /// The search path: project plugins/, --plugin-path folders, SLUICE_PLUGIN_PATH, built-ins.
    func searchPath() -> PluginSearchPath {
        var path = PluginSearchPath.standard(projectDirectory: project)
        let extra = pluginPaths.map { PluginFolder(path: $0, origin: "--plugin-path") }
        path.folders.insert(contentsOf: extra, at: 1)
        return path
    }

    func catalog() -> PluginCatalog {
        PluginCatalog.discover(searchPath())
    }
}

/// Runs a command body, turning the host's errors into their message and exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SluiceError {
        throw fail(error)
    } catch let error as Diagnostics {
        throw fail(error)
    }
}

/// Prints a host error to standard error and exits with its code.
func fail(_ error: SluiceError) -> ExitCode {
    printError(error.description)
    return ExitCode(ExitStatus(error.kind).rawValue)
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Pads each column of `rows` to its widest cell.
func formatTable(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
