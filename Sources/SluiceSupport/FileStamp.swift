import Foundation

/// A file's identity on disk: if all four are equal, the content is taken as equal.
/// The run store caches file digests by it; the plugin index, plugin ids.
package struct FileStamp: Equatable, Sendable {
    package let size: Int64
    package let mtimeNanoseconds: Int64
    package let inode: UInt64

    package init(size: Int64, mtimeNanoseconds: Int64, inode: UInt64) {
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.inode = inode
    }

    package init(_ info: stat) {
        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        self.init(size: Int64(info.st_size), mtimeNanoseconds: mtime, inode: UInt64(info.st_ino))
    }
}
