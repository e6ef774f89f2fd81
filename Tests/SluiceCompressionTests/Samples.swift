import SluiceTestSupport
import Foundation
import SluiceCompression
import Testing

/// The data the tests compress: the edge cases, and shapes like real Arrow buffers.
/// Generated from fixed seeds, so every run and every machine sees the same bytes.
enum Sample: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case empty = "empty"
    case oneByte = "one byte"
    /// Just over one 64 KiB LZ4 block, so a frame has two; incompressible.
    case random = "64 KiB + 1 of random bytes"
    case repetitive = "1 MiB of one line repeated"
    /// Float64 values of a random walk: what a numeric column looks like.
    case tenMegabytes = "10 MB of a float64 random walk"

    var bytes: [UInt8] {
        switch self {
        case .empty: []
        case .oneByte: [0x2A]
        case .random: Self.randomBytes
        case .repetitive: Self.repeatedLine
        case .tenMegabytes: Self.randomWalk
        }
    }

    var testDescription: String { rawValue }

    private static let randomBytes: [UInt8] = {
        var generator = SplitMix64(seed: 1)
        return (0..<(65_536 + 1)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }()

    private static let repeatedLine: [UInt8] = {
        let line = Array("2024-05-01T12:00:00Z,sensor-17,21.5,ok\n".utf8)
        return Array((0..<(1 << 20)).map { line[$0 % line.count] })
    }()

    private static let randomWalk: [UInt8] = {
        var generator = SplitMix64(seed: 2)
        var value = 100.0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10_000_000)
        for _ in 0..<(10_000_000 / 8) {
            value += Double.random(in: -0.5...0.5, using: &generator)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }()
}

extension BufferCodec {
    /// The array-based form the tests use: `compressed` into a new buffer of `declared` bytes.
    func decompress(_ compressed: [UInt8], declared: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: declared)
        try compressed.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { try decompress(input, into: $0) }
        }
        return output
    }

    func compress(_ bytes: [UInt8], level: Int32? = nil) -> [UInt8] {
        bytes.withUnsafeBytes { compress($0, level: level) }
    }

    /// pyarrow's name for the codec.
    var pyarrowName: String { self == .lz4Frame ? "lz4" : "zstd" }
}
