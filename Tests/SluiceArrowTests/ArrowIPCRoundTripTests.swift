import Foundation
@testable import SluiceArrow
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Tables written by `ArrowIPCFileWriter` read back identical through `ArrowIPCFileReader`.
@Suite struct ArrowIPCRoundTripTests {
    /// Writes `table`, reads it back both by mapping and by reading the file.
    private func roundTrip(_ table: ArrowTable) throws -> [ArrowTable] {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("table.arrow")
        try ArrowIPCFileWriter.write(table, to: path)
        return try [ArrowFileLoading.map, .read].map { try ArrowIPCFileReader.read(path, loading: $0) }
    }

    private func expectSame(_ read: ArrowTable, _ written: ArrowTable, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(read.schema == written.schema, sourceLocation: sourceLocation)
        #expect(read.batches.map(\.length) == written.batches.map(\.length), sourceLocation: sourceLocation)
        for field in written.schema.fields {
            #expect(read.values(field.name) == written.values(field.name), "column \(field.name)", sourceLocation: sourceLocation)
        }
    }

    static let everyType: KeyValuePairs<String, ArrowValues> = [
        "f64": .float64([1.5, nil, -0.0, .infinity, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]),
        "f32": .float32([nil, 2.25, -1, .infinity, .leastNonzeroMagnitude, 3]),
        "i64": .int64([.max, nil, .min, 0, 1, -1]),
        "i32": .int32([7, nil, -7, .max, .min, 0]),
        "flag": .bool([true, false, nil, true, true, false]),
        "name": .utf8(["", nil, "héllo wörld", "東京", "🦆🦆", "a\u{0}b"]),
        "tag": .dictionary(["red", nil, "blue", "red", "", "グリーン"], ordered: true),
    ]

    @Test func everyTypeWithNullsSurvivesARoundTrip() throws {
        let table = try ArrowTable(Self.everyType, metadata: ["origin": "sluice", "ünïcode": "✓"])
        for read in try roundTrip(table) { expectSame(read, table) }
    }

    @Test func fieldMetadataAndNullabilitySurviveARoundTrip() throws {
        let schema = ArrowTableSchema([
            ArrowField("id", .int64, nullable: false, metadata: ["unit": "count", "": "empty key"]),
            ArrowField("score", .float32),
        ], metadata: ["pandas": "{\"index_columns\": []}"])
        let table = try ArrowTable(schema: schema, batches: [ArrowRecordBatch([.int64([1, 2]), .float32([0.5, nil])])])
        for read in try roundTrip(table) { expectSame(read, table) }
    }

    @Test func nanKeepsItsBitPattern() throws {
        let signalling = Double(bitPattern: 0x7FF4_0000_0000_0001)
        let table = try ArrowTable(["x": .float64([.nan, signalling, -.nan])])
        for read in try roundTrip(table) {
            guard case .float64(let values) = read.values("x") else { Issue.record("not float64"); continue }
            #expect(values.map { $0?.bitPattern } == [Double.nan, signalling, -Double.nan].map(\.bitPattern))
        }
    }

    @Test func aTableWithoutColumnsOrBatchesSurvivesARoundTrip() throws {
        let empty = try ArrowTable(schema: ArrowTableSchema([]), batches: [])
        for read in try roundTrip(empty) {
            #expect(read.schema.fields.isEmpty)
            #expect(read.batches.isEmpty)
        }
        let noBatches = try ArrowTable(schema: ArrowTableSchema([ArrowField("x", .utf8), ArrowField("c", .dictionary(ordered: false))]), batches: [])
        for read in try roundTrip(noBatches) { expectSame(read, noBatches) }
    }

    @Test func zeroRowBatchesSurviveARoundTrip() throws {
        let schema = ArrowTableSchema(Self.everyType.map { ArrowField($0.key, $0.value.type) })
        let empty = try ArrowRecordBatch(Self.everyType.map { ArrowValues.empty($0.value.type) })
        let full = try ArrowRecordBatch(Self.everyType.map(\.value))
        let table = try ArrowTable(schema: schema, batches: [empty, full, empty])
        for read in try roundTrip(table) {
            expectSame(read, table)
            #expect(read.batches.map(\.length) == [0, 6, 0])
        }
    }

    @Test func manyBatchesKeepTheirBoundariesAndOrder() throws {
        let schema = ArrowTableSchema([ArrowField("n", .int64), ArrowField("s", .utf8)])
        let batches = try (0..<25).map { batch in
            try ArrowRecordBatch([.int64((0..<batch).map { Int64(batch * 100 + $0) }), .utf8((0..<batch).map { "\(batch)-\($0)" })])
        }
        let table = try ArrowTable(schema: schema, batches: batches)
        for read in try roundTrip(table) {
            expectSame(read, table)
            #expect(read.batches.map(\.length) == Array(0..<25))
        }
    }

    @Test func chunksWithDifferentDictionariesAreWrittenAgainstTheirUnion() throws {
        let schema = ArrowTableSchema([ArrowField("tag", .dictionary(ordered: false))])
        let table = try ArrowTable(schema: schema, batches: [
            ArrowRecordBatch([.dictionary(["a", "b", nil])]),
            ArrowRecordBatch([.dictionary(["c", "a"])]),
            ArrowRecordBatch([.dictionary(["a", "b", nil])]),
        ])
        for read in try roundTrip(table) {
            expectSame(read, table)
            // One dictionary in the file, shared by every chunk read back.
            let dictionaries = read.chunks("tag")!.map(\.dictionary)
            #expect(dictionaries.allSatisfy { $0 === dictionaries[0] })
            #expect(dictionaries[0]?.swiftValues == .utf8(["a", "b", "c"]))
        }
    }

    @Test func buffersOfAMappedFileAre64ByteAlignedViews() throws {
        let table = try ArrowTable(Self.everyType)
        for read in try roundTrip(table) {
            for column in read.batches[0].columns {
                for buffer in column.layoutBuffers.compactMap({ $0 }) where buffer.count > 0 {
                    #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
                }
            }
        }
    }

    @Test func theStreamReaderReadsTheMessagesOfAFile() throws {
        // A file's messages, after the 8-byte magic, are a complete stream with its end marker.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let table = try ArrowTable(Self.everyType)
        try ArrowIPCFileWriter.write(table, to: folder.file("t.arrow"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.file("t.arrow")))
        try bytes.dropFirst(8).write(to: URL(fileURLWithPath: folder.file("t.arrows")))
        expectSame(try ArrowIPCStreamReader.read(folder.file("t.arrows")), table)
    }

    @Test func writingReplacesAFileWholeAndLeavesNoTemporaryFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("t.arrow")
        try ArrowIPCFileWriter.write(try ArrowTable(["x": .int32([1])]), to: path)
        try ArrowIPCFileWriter.write(try ArrowTable(["y": .utf8(["two"])]), to: path)
        #expect(try ArrowIPCFileReader.read(path).values("y") == .utf8(["two"]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.arrow"])
    }

    @Test func writingIntoAMissingFolderThrowsAnIOError() throws {
        let error = #expect(throws: SluiceError.self) {
            try ArrowIPCFileWriter.write(try ArrowTable(["x": .int32([1])]), to: "/nonexistent-sluice-folder/t.arrow")
        }
        #expect(error?.code == .arrowIo)
        #expect(error?.location == "/nonexistent-sluice-folder/t.arrow")
    }

    @Test func theSameTableAlwaysGivesTheSameBytes() throws {
        // Content-addressed storage relies on it: equal tables must hash equal.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let table = try ArrowTable(Self.everyType, metadata: ["b": "2", "a": "1"])
        try ArrowIPCFileWriter.write(table, to: folder.file("1.arrow"))
        try ArrowIPCFileWriter.write(table, to: folder.file("2.arrow"))
        #expect(FileManager.default.contentsEqual(atPath: folder.file("1.arrow"), andPath: folder.file("2.arrow")))
    }
}
