import Foundation
import SluiceKit

/// Reads a window of one model's prediction log: finds the folder, picks the files
/// the window can reach, and keeps the entries (and rows) inside it.
struct PredictionLogReader {
    let directory: String
    let model: String
    let folderName: String
    var folder: String { directory + "/" + folderName }

    /// The rows of one entry the window keeps (all of them, except where a row window cuts a request).
    struct Slice {
        let entry: LogEntry
        let location: LogLocation
        let rows: Range<Int>
    }

    struct Selection {
        /// Oldest first.
        var slices: [Slice]
        /// When the window holds nothing: the newest entry of the log, whose columns
        /// the empty tables still carry.
        var newest: Slice?
        /// Files whose last line was still being written (left out).
        var tornFiles: [String]
        /// The newest log file, the one a running server appends to.
        var newestFile: String?
    }

    func read(window: LogWindow, version: String?, now: Double) throws -> Selection {
        let files = try logFiles()
        let matches: (LogEntry) -> Bool = { entry in version.map { entry.version == $0 } ?? true }
        var selection = Selection(slices: [], newest: nil, tornFiles: [], newestFile: files.last?.path)

        func slices(of file: PredictionLogFile, _ keep: (LogEntry) -> Bool) throws -> [Slice] {
            let contents = try file.read(keeping: keep)
            if contents.tornLastLine { selection.tornFiles.append(file.path) }
            return contents.entries.map { Slice(entry: $0.entry, location: LogLocation(file: file.path, line: $0.line), rows: 0..<$0.entry.rows) }
        }

        switch window {
        case .all:
            for file in files { selection.slices += try slices(of: file, matches) }
        case .duration(let span):
            let cutoff = now - span
            // A file last written before the cutoff holds only older entries: not read.
            for file in files where file.modified >= cutoff {
                selection.slices += try slices(of: file) { matches($0) && $0.seconds >= cutoff }
            }
        case .rows(let wanted):
            // Newest file first, until the window is full; then cut the oldest request.
            var chunks: [[Slice]] = []
            var total = 0
            for file in files.reversed() where total < wanted {
                let chunk = try slices(of: file, matches)
                total += chunk.reduce(0) { $0 + $1.rows.count }
                chunks.append(chunk)
            }
            var kept: [Slice] = []
            var remaining = wanted
            // Chunks are newest file first, each oldest entry first: walk entries newest first.
            for slice in chunks.flatMap({ $0.reversed() }) where remaining > 0 {
                let take = min(remaining, slice.rows.count)
                kept.append(Slice(entry: slice.entry, location: slice.location, rows: (slice.rows.upperBound - take)..<slice.rows.upperBound))
                remaining -= take
            }
            selection.slices = kept.reversed()
        }
        if selection.slices.allSatisfy({ $0.rows.isEmpty }) {
            selection.newest = try newestEntry(files)
        }
        return selection
    }

    /// The log folder's files; a missing folder is an error that says where the stage
    /// looked and which models do have a log.
    private func logFiles() throws -> [PredictionLogFile] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StageError.notFound("no prediction log for model '\(model)': the folder \(shown(folder)) does not exist. `sluice serve` writes it (one folder per served model name) once it has answered a request with the log on; \(otherModels())")
        }
        return try PredictionLogFile.list(in: folder)
    }

    /// The newest entry in the whole log (any version), reading files from the newest
    /// back; an error when nothing has been logged at all.
    private func newestEntry(_ files: [PredictionLogFile]) throws -> Slice? {
        for file in files.reversed() {
            if let last = try file.read().entries.last {
                return Slice(entry: last.entry, location: LogLocation(file: file.path, line: last.line), rows: 0..<0)
            }
        }
        throw StageError.notFound("no predictions have been logged yet for model '\(model)' at \(shown(folder)): \(files.isEmpty ? "the folder has no predictions-*.jsonl file" : "its log files hold no complete line"). Send the served model some requests (with the prediction log on: --log-sample above 0), then run the monitor again")
    }

    private func otherModels() -> String {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return "the log directory \(shown(directory)) does not exist either: check 'directory' (relative paths start at the project folder) and that the server runs in this project"
        }
        let models = names.filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
        guard !models.isEmpty else { return "\(shown(directory)) holds no model's log yet" }
        return "the models with a log in \(shown(directory)) are: \(models.joined(separator: ", ")). Check 'model'"
    }

    /// A path as configured, and where that is when it is relative.
    private func shown(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return "\(path) (\(FileManager.default.currentDirectoryPath)/\(path))"
    }
}
