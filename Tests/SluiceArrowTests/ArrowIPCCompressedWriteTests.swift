import Foundation
@testable import SluiceArrow
@testable import SluiceSupport
import SluiceTestSupport
import Testing

/// Files written with `compression:` (LZ4 or ZSTD body compression) read back
/// identical, say their codec in every batch, store buffers that do not shrink as they
/// are, and open in pyarrow and pandas (which fail the tests, not skip them, when missing).
@Suite struct ArrowIPCCompressedWriteTests {
    static let codecs = ArrowIPCCompression.allCases

    /// `table` written with `compression` into a temporary file, and that file's bytes.
    static func written(_ table: ArrowTable, _ compression: ArrowIPCCompression?, incremental: Bool = false) throws -> [UInt8] {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("t.arrow")
        if incremental {
            let writer = try ArrowIPCIncrementalWriter(path: path, schema: table.schema, compression: compression)
            for batch in table.batches { try writer.append(batch) }
            try writer.finish()
        } else {
            try ArrowIPCFileWriter.write(table, to: path, compression: compression)
        }
        return try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The codec each dictionary batch and record batch of a file declares.
    static func declaredCodecs(_ bytes: [UInt8]) throws -> [ArrowIPCCompression?] {
        try ArrowIPCFileReader.bodyCompressions(bytes.withUnsafeBytes { ArrowStorage(copying: $0) }, path: "t.arrow")
    }

    static func expectSame(_ read: ArrowTable, _ written: ArrowTable, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(read.schema == written.schema, sourceLocation: sourceLocation)
        #expect(read.batches.map(\.length) == written.batches.map(\.length), sourceLocation: sourceLocation)
        for field in written.schema.fields {
            // Described, not compared: NaN is not equal to itself.
            #expect("\(read.values(field.name)!)" == "\(written.values(field.name)!)", "column \(field.name)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: codecs)
    func everyTypeWithNullsAndDictionariesSurvivesACompressedRoundTrip(codec: ArrowIPCCompression) throws {
        let table = try ArrowIPCInteropTests.sample()
        let bytes = try Self.written(table, codec)
        Self.expectSame(try ArrowIPCCompressionTests.read(bytes, file: true), table)
        // Two record batches and the dictionary batch all declare the codec.
        #expect(try Self.declaredCodecs(bytes) == [codec, codec, codec])
    }

    @Test(arguments: codecs)
    func theIncrementalWriterCompressesEveryBatchToo(codec: ArrowIPCCompression) throws {
        // One batch: an IPC file cannot change a dictionary between batches.
        let sample = try ArrowIPCInteropTests.sample()
        let table = try ArrowTable(schema: sample.schema, batches: [sample.batches[0]])
        let bytes = try Self.written(table, codec, incremental: true)
        Self.expectSame(try ArrowIPCCompressionTests.read(bytes, file: true), table)
        #expect(try Self.declaredCodecs(bytes).allSatisfy { $0 == codec })
    }

    @Test func uncompressedIsTheDefaultAndDeclaresNoCodec() throws {
        let bytes = try Self.written(try ArrowIPCInteropTests.sample(), nil)
        #expect(try Self.declaredCodecs(bytes) == [nil, nil, nil])
    }

    @Test(arguments: codecs)
    func repetitiveColumnsTakeAFractionOfTheirUncompressedSize(codec: ArrowIPCCompression) throws {
        let rows = 100_000
        let table = try ArrowTable(schema: ArrowTableSchema([ArrowField("level", .float64), ArrowField("city", .utf8)]), batches: [
            ArrowRecordBatch([.float64((0..<rows).map { Double($0 % 8) }), .utf8((0..<rows).map { ["Oslo", "Lima", "Pune"][$0 % 3] })]),
        ])
        let plain = try Self.written(table, nil), compressed = try Self.written(table, codec)
        // Text offsets (every one different) compress least: a third at most overall.
        #expect(compressed.count * 3 < plain.count, "\(codec): \(compressed.count) of \(plain.count) bytes")
        Self.expectSame(try ArrowIPCCompressionTests.read(compressed, file: true), table)
    }

    @Test(arguments: codecs)
    func buffersThatDoNotShrinkAreStoredAsTheyAreBehindAMinusOneLength(codec: ArrowIPCCompression) throws {
        var random = SplitMix64(seed: 7)
        let values = (0..<4096).map { _ in Double(bitPattern: random.next()) }.map { $0.isNaN ? 0 : $0 }
        let table = try ArrowTable(schema: ArrowTableSchema([ArrowField("noise", .float64, nullable: false)]), batches: [ArrowRecordBatch([.float64(values)])])
        let bytes = try Self.written(table, codec)
        let buffers = try #require(try ArrowIPCCompressionTests.batches(bytes, file: true).first?.buffers)
        let stored = try #require(buffers.first { $0.length > 0 })
        #expect(ArrowIPCCompressionTests.littleEndianInt64(Array(bytes[stored.start..<stored.start + 8])) == -1)
        #expect(stored.length == 8 + values.count * 8)
        Self.expectSame(try ArrowIPCCompressionTests.read(bytes, file: true), table)
    }

    @Test(arguments: codecs)
    func aCompressedFileSluiceWritesOpensInPyarrowAndPandasWithTheSameValues(codec: ArrowIPCCompression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let table = try ArrowIPCInteropTests.sample()
        try ArrowIPCFileWriter.write(table, to: folder.file("sample.arrow"), compression: codec)
        try ArrowIPCInteropTests.expectPythonReads(table, file: folder.file("sample.arrow"))
    }

    @Test func pipelineNamesSelectTheCodecs() {
        #expect(ArrowIPCCompression(name: "zstd") == .zstd)
        #expect(ArrowIPCCompression(name: "lz4") == .lz4Frame)
        #expect(ArrowIPCCompression(name: "gzip") == nil)
        #expect(ArrowIPCCompression(name: "none") == nil)
    }
}
