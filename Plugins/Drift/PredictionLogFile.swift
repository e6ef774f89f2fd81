import Foundation
import SluiceKit

/// One `predictions-*.jsonl` file of a model's log folder.
struct PredictionLogFile {
    /// The path as shown to the user (the configured directory, not made absolute).
    let path: String
    /// When the file was last written: every entry in it was predicted before then.
    let modified: Double

    /// An entry with where it came from, for messages.
    struct Located {
        let entry: LogEntry
        let line: Int
    }

    /// What one file holds.
    struct Contents {
        var entries: [Located]
        /// Whether the file ended in a line without its newline (a server was writing it).
        var tornLastLine: Bool
    }

    /// Every entry of the file, in order. A final line without a newline is left out:
    /// the server appends whole lines, so it is a line still being written. Blank lines
    /// are skipped; any other line that does not read is an error naming file:line.
    func read(keeping keep: (LogEntry) -> Bool = { _ in true }) throws -> Contents {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw StageError.failed("cannot read the prediction log file \(path): \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var entries: [Located] = []
            var start = 0
            var line = 0
            while start < bytes.count {
                line += 1
                guard let base = bytes.baseAddress, let newline = memchr(base + start, 0x0A, bytes.count - start) else {
                    return Contents(entries: entries, tornLastLine: true)
                }
                let end = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
                let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let entry: LogEntry
                do {
                    entry = try LogEntry.parse(text)
                } catch let error as LogLineError {
                    throw StageError.invalidInput("\(path):\(line): not a prediction log line: \(error.message). The log is written by `sluice serve` (format: Sources/SluiceServe/PredictionLog.md); move a hand-edited or damaged file out of the folder, or fix the line")
                }
                if keep(entry) { entries.append(Located(entry: entry, line: line)) }
            }
            return Contents(entries: entries, tornLastLine: false)
        }
    }

    /// The log files of `folder`, oldest first: their names sort in the order they
    /// were written (UTC start time, then a sequence number).
    static func list(in folder: String) throws -> [PredictionLogFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw StageError.failed("cannot list the prediction log folder \(folder): \(error.localizedDescription)")
        }
        return names.filter { $0.hasPrefix("predictions-") && $0.hasSuffix(".jsonl") }.sorted().map { name in
            let path = folder + "/" + name
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? .infinity
            return PredictionLogFile(path: path, modified: modified)
        }
    }
}
