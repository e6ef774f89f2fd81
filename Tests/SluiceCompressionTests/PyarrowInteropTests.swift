import SluiceCompression
import Testing

/// pyarrow.compress / pyarrow.decompress are what Arrow's C++ writer and reader use for
/// each buffer of a compressed IPC file, so agreeing with them is agreeing with the files.
@Suite("Sluice and pyarrow read each other's compressed buffers")
struct PyarrowInteropTests {
    /// Every sample plus CSV-like text, as files named by their index.
    private static let samples: [[UInt8]] = Sample.allCases.map(\.bytes) + [
        Array((0..<200_000).map { "\($0),user-\($0 % 977),\(Double($0) * 0.25)\n" }.joined().utf8),
    ]

    @Test("what pyarrow compresses decompresses exactly", arguments: BufferCodec.allCases)
    func readsPyarrow(codec: BufferCodec) throws {
        let folder = try TemporaryFolder()
        let paths = try Self.samples.enumerated().map { try folder.write("\($0.offset)", $0.element) }
        _ = try Python.run("""
            import sys, pyarrow as pa
            codec = sys.argv[1]
            for path in sys.argv[2:]:
                with open(path, 'rb') as f: data = f.read()
                with open(path + '.' + codec, 'wb') as f: f.write(pa.compress(data, codec=codec, asbytes=True))
            """, [codec.pyarrowName] + paths)
        for (index, original) in Self.samples.enumerated() {
            let compressed = try folder.read("\(index).\(codec.pyarrowName)")
            #expect(try codec.decompress(compressed, declared: original.count) == original, "sample \(index)")
        }
    }

    @Test("what pyarrow compresses at its strongest level decompresses exactly", arguments: BufferCodec.allCases)
    func readsPyarrowStrongest(codec: BufferCodec) throws {
        let folder = try TemporaryFolder()
        let samples = [Sample.random.bytes, Sample.repetitive.bytes]
        let paths = try samples.enumerated().map { try folder.write("\($0.offset)", $0.element) }
        _ = try Python.run("""
            import sys, pyarrow as pa
            name = sys.argv[1]
            codec = pa.Codec(name, compression_level=pa.Codec.maximum_compression_level(name))
            for path in sys.argv[2:]:
                with open(path, 'rb') as f: data = f.read()
                with open(path + '.' + name, 'wb') as f: f.write(codec.compress(data, asbytes=True))
            """, [codec.pyarrowName] + paths)
        for (index, original) in samples.enumerated() {
            let compressed = try folder.read("\(index).\(codec.pyarrowName)")
            #expect(try codec.decompress(compressed, declared: original.count) == original, "sample \(index)")
        }
    }

    @Test("what Sluice compresses pyarrow decompresses exactly", arguments: BufferCodec.allCases)
    func pyarrowReads(codec: BufferCodec) throws {
        let folder = try TemporaryFolder()
        var paths: [String] = []
        for (index, original) in Self.samples.enumerated() {
            paths.append(try folder.write("\(index)", original))
            _ = try folder.write("\(index).\(codec.pyarrowName)", codec.compress(original))
        }
        let printed = try Python.run("""
            import sys, pyarrow as pa
            codec = sys.argv[1]
            for path in sys.argv[2:]:
                with open(path, 'rb') as f: original = f.read()
                with open(path + '.' + codec, 'rb') as f: compressed = f.read()
                out = pa.decompress(compressed, decompressed_size=len(original), codec=codec, asbytes=True)
                if out != original: sys.exit(f'{path}: pyarrow decompressed {len(out)} bytes unlike the {len(original)} compressed')
            print('ok', len(sys.argv) - 2)
            """, [codec.pyarrowName] + paths)
        #expect(printed == "ok \(Self.samples.count)\n")
    }
}
