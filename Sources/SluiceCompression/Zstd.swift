import CZstd

/// ZSTD through libzstd's one-shot calls: the whole buffer in, the whole output out.
enum Zstd {
    static func decompress(_ compressed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, context: OpaquePointer) throws(CompressionError) {
        // Decodes every frame in `compressed` (skippable ones skipped) and verifies
        // content checksums where frames carry them.
        let result = ZSTD_decompressDCtx(context, output.cAddress, output.count, compressed.cAddress, compressed.count)
        if ZSTD_isError(result) != 0 {
            throw error(result, compressed, declared: output.count)
        }
        guard result == output.count else { throw .tooShort(.zstd, decoded: result, declared: output.count) }
    }

    private static func error(_ result: Int, _ compressed: UnsafeRawBufferPointer, declared: Int) -> CompressionError {
        let name = String(cString: ZSTD_getErrorName(result))
        switch ZSTD_getErrorCode(result) {
        case ZSTD_error_dstSize_tooSmall:
            return .tooLong(.zstd, declared: declared, libraryError: name)
        case ZSTD_error_srcSize_wrong, ZSTD_error_checksum_wrong:
            // libzstd says "Src size is incorrect" both of a frame cut short and of bytes
            // after the last frame that begin no other, and reports a frame cut inside its
            // checksum as a wrong checksum; the frames' layout tells which it was.
            switch layout(compressed) {
            case .cut: return CompressionError(.truncated, .zstd, libraryError: name, "the ZSTD data ends inside a frame")
            case .stray(let count): return CompressionError(.corrupt, .zstd, libraryError: name, "the ZSTD data has \(count) stray bytes after its last frame")
            case .whole: return CompressionError(.corrupt, .zstd, libraryError: name, "the ZSTD data is damaged")
            }
        case ZSTD_error_memory_allocation:
            return CompressionError(.outOfMemory, .zstd, libraryError: name, "libzstd could not allocate memory to decompress")
        default:
            return CompressionError(.corrupt, .zstd, libraryError: name, "the ZSTD data is damaged")
        }
    }

    private enum Layout { case whole, cut, stray(Int) }

    /// Whether `compressed` is whole frames, whole frames and the start of another, or
    /// whole frames and bytes that begin none.
    private static func layout(_ compressed: UnsafeRawBufferPointer) -> Layout {
        var at = 0
        while at < compressed.count {
            let remaining = UnsafeRawBufferPointer(rebasing: compressed[at...])
            let size = ZSTD_findFrameCompressedSize(remaining.baseAddress, remaining.count)
            if ZSTD_isError(size) == 0 {
                at += size
                continue
            }
            guard at > 0 else { return .cut }
            guard remaining.count >= 4 else { return .stray(remaining.count) }
            let magic = UInt32(littleEndian: remaining.loadUnaligned(as: UInt32.self))
            let beginsFrame = magic == UInt32(ZSTD_MAGICNUMBER) || magic & 0xFFFF_FFF0 == UInt32(ZSTD_MAGIC_SKIPPABLE_START)
            return beginsFrame ? .cut : .stray(remaining.count)
        }
        return .whole
    }

    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        precondition(ZSTD_isError(bound) == 0, "\(input.count) bytes are more than libzstd compresses in one call")
        // ZSTD_compress writes the content size into the frame header and no checksum, as Arrow's codec does.
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            let written = ZSTD_compress(buffer.baseAddress, bound, input.cAddress, input.count, level)
            // With a bound-sized output, only allocation can fail; there is nothing a caller could do.
            precondition(ZSTD_isError(written) == 0, "libzstd could not compress: \(String(cString: ZSTD_getErrorName(written)))")
            count = written
        }
    }
}
