import CLZ4
import CZstd
import SluiceCompression

/// Frames written with the libraries' full options, for the shapes Arrow's own writer
/// does not produce but the formats allow: checksums, content sizes, other block
/// layouts, skippable frames.
enum Frames {
    static func lz4(
        _ bytes: [UInt8], contentChecksum: Bool = false, blockChecksum: Bool = false, contentSize: Bool = false,
        independentBlocks: Bool = false, largeBlocks: Bool = false
    ) -> [UInt8] {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.contentChecksumFlag = contentChecksum ? LZ4F_contentChecksumEnabled : LZ4F_noContentChecksum
        preferences.frameInfo.blockChecksumFlag = blockChecksum ? LZ4F_blockChecksumEnabled : LZ4F_noBlockChecksum
        preferences.frameInfo.contentSize = contentSize ? UInt64(bytes.count) : 0
        preferences.frameInfo.blockMode = independentBlocks ? LZ4F_blockIndependent : LZ4F_blockLinked
        preferences.frameInfo.blockSizeID = largeBlocks ? LZ4F_max4MB : LZ4F_max64KB
        let bound = LZ4F_compressFrameBound(bytes.count, &preferences)
        var frame = [UInt8](repeating: 0, count: bound)
        let written = bytes.withUnsafeBytes { input in
            frame.withUnsafeMutableBytes { LZ4F_compressFrame($0.baseAddress, bound, input.baseAddress, input.count, &preferences) }
        }
        precondition(LZ4F_isError(written) == 0)
        return Array(frame.prefix(written))
    }

    static func zstd(_ bytes: [UInt8], checksum: Bool = false, contentSize: Bool = true) -> [UInt8] {
        let context = ZSTD_createCCtx()
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, checksum ? 1 : 0)
        ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, contentSize ? 1 : 0)
        let bound = ZSTD_compressBound(bytes.count)
        var frame = [UInt8](repeating: 0, count: bound)
        let written = bytes.withUnsafeBytes { input in
            frame.withUnsafeMutableBytes { ZSTD_compress2(context, $0.baseAddress, bound, input.baseAddress, input.count) }
        }
        precondition(ZSTD_isError(written) == 0)
        return Array(frame.prefix(written))
    }

    /// A skippable frame (the same in both formats): magic 0x184D2A5?, a length, payload.
    static func skippable(_ payload: [UInt8]) -> [UInt8] {
        littleEndian(UInt32(0x184D_2A53)) + littleEndian(UInt32(payload.count)) + payload
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    /// A frame of `codec` with every check its format has: what damage tests must always catch.
    static func checked(_ codec: BufferCodec, _ bytes: [UInt8]) -> [UInt8] {
        codec == .lz4Frame ? lz4(bytes, contentChecksum: true, blockChecksum: true, contentSize: true) : zstd(bytes, checksum: true)
    }
}
