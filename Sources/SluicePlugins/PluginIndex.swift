import Foundation
import SluiceSupport

/// Which plugin id each plugin file provides, remembered by the file's (size, mtime,
/// inode), so a pipeline loads only the plugins it uses: loading a Swift plugin maps
/// and relocates a library, which costs more than reading this list. Kept per user,
/// beside other caches; a missing, stale or unreadable index only means loading the
/// files to find out again.
package struct PluginIndex: Sendable {
    private var entries: [String: (stamp: FileStamp, id: String)] = [:]
    private(set) var changed = false
    package let file: String?

    package static let header = "sluice-plugin-index 1"

    /// `SLUICE_CACHE_DIR`, else `$XDG_CACHE_HOME/sluice`, else `~/.cache/sluice`.
    package static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let folder = environment["SLUICE_CACHE_DIR"], !folder.isEmpty { return folder + "/plugin-index" }
        if let folder = environment["XDG_CACHE_HOME"], !folder.isEmpty { return folder + "/sluice/plugin-index" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/sluice/plugin-index" }
        return nil
    }

    /// Reads the index at `file`; nil file: remember nothing.
    package init(file: String?) {
        self.file = file
        guard let file, let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.popFirst() == Substring(Self.header) else { return }
        for line in lines {
            // id, size, mtime, inode, path (the path last: it may hold tabs).
            let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, let size = Int64(fields[1]), let mtime = Int64(fields[2]), let inode = UInt64(fields[3]) else { continue }
            entries[String(fields[4])] = (FileStamp(size: size, mtimeNanoseconds: mtime, inode: inode), String(fields[0]))
        }
    }

    /// The id the file at `path` (canonical) provides, if it is unchanged since recorded.
    package func id(of path: String, stamp: FileStamp) -> String? {
        guard let entry = entries[path], entry.stamp == stamp else { return nil }
        return entry.id
    }

    package mutating func record(_ path: String, stamp: FileStamp, id: String) {
        if let entry = entries[path], entry.stamp == stamp, entry.id == id { return }
        entries[path] = (stamp, id)
        changed = true
    }

    /// Writes the index if it changed (temporary file, then rename: readers never see
    /// half of it). Failing to write is not an error: the next run loads files again.
    package func save() {
        guard changed, let file else { return }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = Self.header + "\n"
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) where !path.contains("\n") {
            text += "\(entry.id)\t\(entry.stamp.size)\t\(entry.stamp.mtimeNanoseconds)\t\(entry.stamp.inode)\t\(path)\n"
        }
        let temporary = file + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, file) != 0 { unlink(temporary) }
    }

    /// The stamp of the file at `path`, or nil when it cannot be read.
    package static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(info)
    }
}
