import CLZ4
import CZstd
import Foundation

// The "after" column: SluiceCompression's BufferCodec (libzstd, liblz4). Built by run.sh
// with swiftc -O together with Sources/SluiceCompression, so this file sees its internals.

let (folder, runs) = arguments()

if CommandLine.arguments.dropFirst(3).first == "contexts" {
    contexts(folder: folder, runs: runs)
} else {
    try benchmark("after", folder: folder, runs: runs) { codec, input, output in
        try (codec == "lz4" ? BufferCodec.lz4Frame : .zstd).decompress(input, into: output)
    }
}

/// Whether keeping contexts per thread pays: small buffers decoded with the thread's
/// contexts (what BufferCodec does) against a context made and freed for each buffer.
/// Prints `contexts codec size reused-µs fresh-µs` per buffer.
func contexts(folder: String, runs: Int) {
    let raw = [UInt8](FileManager.default.contents(atPath: folder + "/csv-text.raw")!)
    for codec in BufferCodec.allCases {
        for size in [1 << 10, 16 << 10, 128 << 10, 512 << 10] {
            let original = Array(raw.prefix(size))
            let compressed = original.withUnsafeBytes { codec.compress($0) }
            var output = [UInt8](repeating: 0, count: size)
            let calls = max(200, (256 << 20) / size / 8)
            func perCall(_ decode: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) throws -> Void) -> Double {
                let seconds = (0..<runs).map { _ in
                    try! time {
                        try compressed.withUnsafeBytes { input in
                            try output.withUnsafeMutableBytes { out in
                                for _ in 0..<calls { try decode(input, out) }
                            }
                        }
                    }
                }
                precondition(output == original)
                return median(seconds) / Double(calls) * 1e6
            }
            let reused = perCall { try codec.decompress($0, into: $1) }
            let fresh = perCall { input, out in
                switch codec {
                case .zstd:
                    let context = ZSTD_createDCtx()!
                    defer { ZSTD_freeDCtx(context) }
                    try Zstd.decompress(input, into: out, context: context)
                case .lz4Frame:
                    var context: OpaquePointer?
                    _ = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
                    defer { LZ4F_freeDecompressionContext(context) }
                    try LZ4Frame.decompress(input, into: out, context: context!)
                }
            }
            print("contexts\t\(codec)\t\(size)\t\(String(format: "%.2f", reused))\t\(String(format: "%.2f", fresh))")
        }
    }
    let context = ZSTD_createDCtx()!
    let frame = raw.withUnsafeBytes { BufferCodec.zstd.compress(UnsafeRawBufferPointer(rebasing: $0.prefix(512 << 10))) }
    var output = [UInt8](repeating: 0, count: 512 << 10)
    _ = frame.withUnsafeBytes { input in output.withUnsafeMutableBytes { ZSTD_decompressDCtx(context, $0.baseAddress, $0.count, input.baseAddress, input.count) } }
    print("# A ZSTD_DCtx is \(ZSTD_sizeof_DCtx(context)) bytes (ZSTD_sizeof_DCtx, after decoding a 512 KiB buffer); liblz4 does not report its context's size.")
    ZSTD_freeDCtx(context)
}
