import Foundation
@testable import SluiceArrow
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Damaged files throw a `SluiceError` naming the file and the byte, never trap.
@Suite struct ArrowIPCCorruptFileTests {
    static let path = "/data/table.arrow"

    /// The bytes of a file with every type, nulls, a dictionary and two batches.
    static func sampleBytes(_ table: ArrowTable? = nil) throws -> [UInt8] {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let table = try table ?? ArrowTable(schema: ArrowTableSchema([
            ArrowField("f", .float64), ArrowField("b", .bool), ArrowField("s", .utf8), ArrowField("c", .dictionary(ordered: false)),
        ]), batches: [
            ArrowRecordBatch([.float64([1, nil, 3]), .bool([true, nil, false]), .utf8(["a", nil, "ccc"]), .dictionary(["x", "y", nil])]),
            ArrowRecordBatch([.float64([4]), .bool([nil]), .utf8(["dddd"]), .dictionary(["y"])]),
        ])
        try ArrowIPCFileWriter.write(table, to: folder.file("t.arrow"))
        return try Array(Data(contentsOf: URL(fileURLWithPath: folder.file("t.arrow"))))
    }

    /// Decodes `bytes` as a file, then reads every value of what it got.
    @discardableResult
    static func read(_ bytes: [UInt8], stream: Bool = false) throws -> ArrowTable {
        let storage = bytes.withUnsafeBytes { ArrowStorage(copying: $0) }
        let table = stream ? try ArrowIPCStreamReader.decode(storage, path: path) : try ArrowIPCFileReader.decode(storage, path: path)
        for field in table.schema.fields { _ = table.values(field.name) }
        return table
    }

    static func error(_ bytes: [UInt8], stream: Bool = false) -> SluiceError? {
        do {
            try read(bytes, stream: stream)
            return nil
        } catch let error as SluiceError {
            return error
        } catch {
            Issue.record("not a SluiceError: \(error)")
            return nil
        }
    }

    @Test func aFileCutShortAtAnyByteIsReportedAsTruncated() throws {
        let bytes = try Self.sampleBytes()
        for length in 0..<bytes.count {
            let error = Self.error(Array(bytes.prefix(length)))
            #expect(error?.code == .arrowTruncated, "cut at \(length): \(String(describing: error))")
            #expect(error?.location == Self.path)
        }
        #expect(try Self.read(bytes).rowCount == 4)
    }

    @Test func aTruncatedFileOnDiskThrowsWhetherMappedOrRead() throws {
        let bytes = try Self.sampleBytes()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for length in [0, 3, 8, 100, bytes.count / 2, bytes.count - 1] {
            let path = folder.file("cut-\(length).arrow")
            try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: path))
            for loading in [ArrowFileLoading.map, .read] {
                let error = #expect(throws: SluiceError.self) { try ArrowIPCFileReader.read(path, loading: loading) }
                #expect(error?.code == .arrowTruncated)
                #expect(error?.location == path)
                #expect(error?.description.contains("at byte") == true)
            }
        }
    }

    @Test func aMissingFileOrAFolderIsAnIOErrorNamingThePath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for path in [folder.file("missing.arrow"), folder.path] {
            let error = #expect(throws: SluiceError.self) { try ArrowIPCFileReader.read(path) }
            #expect(error?.code == .arrowIo)
            #expect(error?.location == path)
        }
    }

    @Test func aStreamCutShortAnywhereEitherReadsTheWholeBatchesBeforeTheCutOrThrows() throws {
        let stream = Array(try Self.sampleBytes().dropFirst(8))
        for length in 0..<stream.count {
            // A stream may end without its end marker, so a cut between messages is a shorter, valid stream.
            if let table = try? Self.read(Array(stream.prefix(length)), stream: true) {
                #expect(table.rowCount <= 4)
            } else {
                #expect(Self.error(Array(stream.prefix(length)), stream: true) != nil)
            }
        }
    }

    @Test func aFileWithoutTheLeadingMagicIsRefusedAsBadMagicWithAHint() throws {
        var bytes = try Self.sampleBytes()
        bytes[0] ^= 0xFF
        #expect(Self.error(bytes)?.code == .arrowBadMagic)
        #expect(Self.error(bytes)?.message.contains("not an Arrow IPC (Feather V2) file") == true)

        let stream = Array(try Self.sampleBytes().dropFirst(8))
        #expect(Self.error(stream)?.code == .arrowBadMagic)
        #expect(Self.error(stream)?.message.contains("Arrow IPC stream") == true)
        #expect(Self.error(Array("PAR1 and then parquet".utf8))?.message.contains("Parquet") == true)
        #expect(Self.error(Array("name,price\nOslo,1\n".utf8))?.code == .arrowBadMagic)
    }

    @Test func aFileWithoutTheClosingMagicIsRefused() throws {
        var bytes = try Self.sampleBytes()
        bytes[bytes.count - 1] ^= 0xFF
        #expect(Self.error(bytes)?.code == .arrowTruncated)
    }

    @Test func aGarbageFooterIsRefusedAsCorrupt() throws {
        let bytes = try Self.sampleBytes()
        let footerLength = Int(bytes[bytes.count - 10]) | Int(bytes[bytes.count - 9]) << 8
        let footerStart = bytes.count - 10 - footerLength
        for fill in [UInt8(0x00), 0xFF, 0x7F] {
            var garbage = bytes
            for index in footerStart..<bytes.count - 10 { garbage[index] = fill }
            let error = Self.error(garbage)
            #expect(error?.code == .arrowCorrupt, "footer filled with \(fill): \(String(describing: error))")
            #expect(error?.message.contains("at byte") == true)
        }
        for length in [Int32.max, -1, 0, Int32(bytes.count)] {
            var wrong = bytes
            withUnsafeBytes(of: length.littleEndian) { wrong.replaceSubrange(bytes.count - 10..<bytes.count - 6, with: $0) }
            #expect(Self.error(wrong)?.code == .arrowCorrupt, "footer length \(length)")
        }
    }

    @Test func aBufferOutsideItsMessageBodyIsRefusedAsCorrupt() throws {
        let bytes = try Self.sampleBytes(ArrowTable(["x": .float64([1, 2, 3, 4, 5])]))
        // The RecordBatch's buffers: a count of 2, validity (0, 0), values (0, 40).
        let buffers: [UInt8] = [2, 0, 0, 0] + Array(repeating: 0, count: 24) + [40, 0, 0, 0, 0, 0, 0, 0]
        let at = try #require(Self.find(buffers, in: bytes)) + 28
        for (length, message) in [(4000, "lies outside the 64-byte message body"), (8, "5 slots need 40")] {
            var wrong = bytes
            withUnsafeBytes(of: Int64(length).littleEndian) { wrong.replaceSubrange(at..<at + 8, with: $0) }
            let error = Self.error(wrong)
            #expect(error?.code == .arrowCorrupt)
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        }
        var negative = bytes
        withUnsafeBytes(of: Int64(-8).littleEndian) { negative.replaceSubrange(at - 8..<at, with: $0) }
        #expect(Self.error(negative)?.code == .arrowCorrupt)
    }

    @Test func aFooterBlockPointingOutsideTheFileIsRefusedAsCorrupt() throws {
        let bytes = try Self.sampleBytes(ArrowTable(["x": .int32([1])]))
        // The schema message at byte 8 is followed by the only record batch.
        let schemaLength = Int(bytes[12]) | Int(bytes[13]) << 8
        let batchOffset = Int64(8 + 8 + schemaLength)
        let block = withUnsafeBytes(of: batchOffset.littleEndian, Array.init)
        let at = try #require(Self.find(block, in: bytes, from: Int(batchOffset) + 8))
        for offset in [Int64(bytes.count * 2), Int64.max, -1, 9] {
            var wrong = bytes
            withUnsafeBytes(of: offset.littleEndian) { wrong.replaceSubrange(at..<at + 8, with: $0) }
            let error = Self.error(wrong)
            #expect(error?.code == .arrowCorrupt || error?.code == .arrowTruncated, "block offset \(offset): \(String(describing: error))")
        }
    }

    @Test func flippingAnyByteEitherReadsOrThrowsButNeverTraps() throws {
        let bytes = try Self.sampleBytes()
        for index in bytes.indices {
            for mask in [UInt8(0xFF), 0x01, 0x40] {
                var flipped = bytes
                flipped[index] ^= mask
                do {
                    try Self.read(flipped)
                } catch let error as SluiceError {
                    #expect(error.code.id.hasPrefix("arrow."))
                }
            }
        }
    }

    @Test func overwritingWordsWithExtremeValuesEitherReadsOrThrowsButNeverTraps() throws {
        let bytes = try Self.sampleBytes()
        var random = SplitMix64(seed: 0x5EED)
        let extremes: [UInt64] = [0, .max, UInt64(Int32.max), UInt64(UInt32.max), 1 << 31, 1 << 62, 64, 7]
        for _ in 0..<3000 {
            var damaged = bytes
            let width = [1, 2, 4, 8][Int(random.next() % 4)]
            let at = Int(random.next() % UInt64(bytes.count - width))
            let value = random.next() % 2 == 0 ? extremes[Int(random.next() % UInt64(extremes.count))] : random.next()
            withUnsafeBytes(of: value.littleEndian) { damaged.replaceSubrange(at..<at + width, with: $0.prefix(width)) }
            do {
                try Self.read(damaged)
            } catch let error as SluiceError {
                #expect(error.code.id.hasPrefix("arrow."))
            }
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (start...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
