import Foundation
import SluiceArrow
@testable import SluiceEngine
import SluiceStore
import SluiceTestSupport
import Testing

/// How tables reach a worker: a stored table (a mapped Arrow IPC file) is handed over as
/// the file itself, anything else as a fresh shared-memory copy; either way the other
/// side reads the same table.
@Suite struct SharedPayloadTests {
    /// A table of `rows` float64 rows in one column.
    func table(rows: Int) throws -> ArrowTable {
        try ArrowTable(["x": .float64((0..<rows).map { Double($0) * 0.5 })])
    }

    func inode(_ descriptor: Int32) -> UInt64 {
        var status = stat()
        fstat(descriptor, &status)
        return UInt64(status.st_ino)
    }

    @Test func aMappedStoredTableIsHandedOverAsItsFileWithoutACopy() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("big.arrow")
        // Over the loader's mapping threshold, so that reading maps the file.
        try ArrowIPCFileWriter.write(try table(rows: 3_000_000), to: path)
        let stored = try ArrowIPCFileReader.read(path)
        #expect(stored.mappedFile == path)

        let descriptor = try SharedPayload.write(.table(stored), name: "data")
        var status = stat()
        stat(path, &status)
        #expect(inode(descriptor) == UInt64(status.st_ino), "the file itself, not a copy")
        guard case .table(let received) = try SharedPayload.read(descriptor, SharedPayload.describe(port: "data", .table(stored)), what: "data") else {
            Issue.record("not a table")
            return
        }
        #expect(received.rowCount == 3_000_000)
        #expect(received.values("x") == stored.values("x"))
    }

    @Test func anyOtherTableIsCopiedIntoSharedMemory() throws {
        let made = try table(rows: 10)
        #expect(made.mappedFile == nil)
        let descriptor = try SharedPayload.write(.table(made), name: "data")
        guard case .table(let received) = try SharedPayload.read(descriptor, SharedPayload.describe(port: "data", .table(made)), what: "data") else {
            Issue.record("not a table")
            return
        }
        #expect(received.values("x") == made.values("x"))
        #expect(received.mappedFile == nil, "a shared-memory copy is read through its descriptor, not as a stored file")
    }
}
