/// A codec of Arrow IPC body compression: how one buffer's bytes are compressed. Both
/// are the system libraries (libzstd, liblz4), so Sluice decodes at their speed and
/// with their years of fuzzing, rather than with decoders of its own.
package enum BufferCodec: Sendable, CaseIterable, CustomStringConvertible {
    /// The LZ4 frame format (Arrow's LZ4_FRAME, pyarrow's "lz4"), never raw LZ4 blocks.
    case lz4Frame
    /// ZSTD frames (Arrow's ZSTD, pyarrow's "zstd").
    case zstd

    /// The name people know the codec by, for messages.
    package var description: String { self == .lz4Frame ? "LZ4" : "ZSTD" }

    /// The most one compressed byte can expand to: LZ4 about 255-fold; ZSTD a 128 KiB
    /// block of one repeated byte from 4 bytes. A reader compares a buffer's declared
    /// length against this before allocating, so that damage cannot ask for terabytes.
    package var maximumRatio: Int { self == .lz4Frame ? 255 : 32_768 }

    /// The level `compress` uses when given none: Arrow's own defaults, so that files
    /// Sluice writes are like those pyarrow writes. For LZ4, liblz4's default (0) and
    /// Arrow's (1) both select the fast compressor and give the same bytes.
    package var defaultLevel: Int32 { self == .lz4Frame ? 0 : 1 }

    /// Decompresses all of `compressed` (one or more frames) into `output`, which must
    /// come out exactly full: fewer bytes or more is an error, since Arrow declares
    /// each buffer's uncompressed length and a different one means damage. Empty
    /// `compressed` is zero frames, zero bytes. Never reads outside `compressed` or
    /// writes outside `output`, whatever the bytes.
    package func decompress(_ compressed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(CompressionError) {
        let contexts = DecompressionContexts.current
        switch self {
        case .lz4Frame: try LZ4Frame.decompress(compressed, into: output, context: try contexts.lz4())
        case .zstd: try Zstd.decompress(compressed, into: output, context: try contexts.zstd())
        }
    }

    /// `input` compressed as one frame that pyarrow (and any Arrow) reads. `level`
    /// is the library's: ZSTD -131072...22, LZ4 below 3 fast, 3...12 high compression.
    package func compress(_ input: UnsafeRawBufferPointer, level: Int32? = nil) -> [UInt8] {
        switch self {
        case .lz4Frame: LZ4Frame.compress(input, level: level ?? defaultLevel)
        case .zstd: Zstd.compress(input, level: level ?? defaultLevel)
        }
    }
}
