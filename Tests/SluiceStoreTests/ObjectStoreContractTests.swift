import Foundation
import SluiceArrow
import SluiceStore
import SluiceSupport
import SluiceTestSupport
import Testing

/// One object store backend under test: makes an empty store, and removes it
/// afterwards. A second backend (S3) adds itself to `all` and runs every contract test.
struct ObjectStoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> (store: any ObjectStore, remove: @Sendable () -> Void)

    var testDescription: String { name }

    static let all = [
        ObjectStoreBackend(name: "local files") {
            let folder = try TemporaryFolder()
            let path = folder.path
            return (try LocalObjectStore(directory: folder.file(".sluice/objects")), { try? FileManager.default.removeItem(atPath: path) })
        },
    ]

    /// `body` gets the store and a scratch folder for files going in and out of it.
    func withStore(_ body: (any ObjectStore, TemporaryFolder) throws -> Void) throws {
        let (store, remove) = try make()
        let scratch = try TemporaryFolder()
        defer {
            remove()
            scratch.remove()
        }
        try body(store, scratch)
    }
}

/// What every `ObjectStore` promises, through the protocol only.
@Suite struct ObjectStoreContractTests {
    static func write(_ text: String, to store: any ObjectStore) throws -> String {
        try Data(text.utf8).withUnsafeBytes { try store.write($0, mediaType: "text/plain") }
    }

    static let unknown = "sha256:" + String(repeating: "0", count: 64)

    @Test(arguments: ObjectStoreBackend.all) func identicalContentIsStoredOnceAndReadsBack(_ backend: ObjectStoreBackend) throws {
        try backend.withStore { store, scratch in
            let digest = try Self.write("hello", to: store)
            #expect(digest == "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
            #expect(try Self.write("hello", to: store) == digest)
            try scratch.write("hello.txt", "hello")
            #expect(try store.write(file: scratch.file("hello.txt")) == digest)
            #expect(try store.storedDigests() == [digest])

            #expect(store.contains(digest))
            #expect(!store.contains(Self.unknown))
            #expect(try store.read(digest: digest)?.data == Data("hello".utf8))
            #expect(try store.read(digest: Self.unknown) == nil)
            #expect(try store.size(of: digest) == 5)
            #expect(try store.size(of: Self.unknown) == nil)
            guard case .bytes(let buffer, let mediaType)? = try store.portValue(digest: digest, mediaType: "text/plain") else {
                Issue.record("expected bytes")
                return
            }
            #expect(buffer.data == Data("hello".utf8) && mediaType == "text/plain")
            #expect(try store.portValue(digest: Self.unknown, mediaType: "text/plain") == nil)
        }
    }

    @Test(arguments: ObjectStoreBackend.all) func aTableIsStoredAsAnArrowFileAndReadsBackAsATable(_ backend: ObjectStoreBackend) throws {
        try backend.withStore { store, _ in
            let (digest, size) = try store.write(table: try ArrowTable(["x": .float64([1, 2, 3]), "name": .utf8(["a", nil, "c"])]))
            #expect(try store.size(of: digest) == size)
            guard case .table(let table)? = try store.portValue(digest: digest, mediaType: PortValue.arrowMediaType) else {
                Issue.record("expected a table")
                return
            }
            #expect(table.rowCount == 3)
            #expect(table.batches.flatMap(\.columns).map(\.swiftValues) == [.float64([1, 2, 3]), .utf8(["a", nil, "c"])])
        }
    }

    @Test(arguments: ObjectStoreBackend.all) func anObjectIsRestoredToAFileAndHasALocalFile(_ backend: ObjectStoreBackend) throws {
        try backend.withStore { store, scratch in
            let digest = try Self.write("model bytes", to: store)
            try scratch.write("out.bin", "an older version")
            try store.restore(digest, to: scratch.file("out.bin"))
            #expect(FileManager.default.contents(atPath: scratch.file("out.bin")) == Data("model bytes".utf8))
            try store.restore(digest, to: scratch.file("new/folder/out.bin"))
            #expect(FileManager.default.contents(atPath: scratch.file("new/folder/out.bin")) == Data("model bytes".utf8))
            let missing = #expect(throws: SluiceError.self) { try store.restore(Self.unknown, to: scratch.file("x.bin")) }
            #expect(missing?.code == .storeMissingObject)

            let file = try #require(try store.localFile(for: digest))
            #expect(FileManager.default.contents(atPath: file) == Data("model bytes".utf8))
            #expect(try store.localFile(for: Self.unknown) == nil)
        }
    }

    @Test(arguments: ObjectStoreBackend.all) func storedObjectsAreListedAndDeleted(_ backend: ObjectStoreBackend) throws {
        try backend.withStore { store, _ in
            let kept = try Self.write("kept", to: store), dropped = try Self.write("dropped", to: store)
            #expect(Set(try store.storedDigests()) == [kept, dropped])
            try store.delete(dropped)
            try store.delete(dropped)  // again: nothing to do
            try store.delete(Self.unknown)
            #expect(try store.storedDigests() == [kept])
            #expect(!store.contains(dropped))
            #expect(try store.read(digest: dropped) == nil)
            // Nothing is left over from these writes, so nothing is stale.
            #expect(store.removeStaleTemporaries(olderThan: 0, dryRun: true) == 0)
            #expect(store.contains(kept))
        }
    }
}
