import CLZ4

/// LZ4 frames through liblz4's frame API. Its decoder is a streaming one: it is called
/// until the input is used up, because a buffer may hold several frames one after another.
enum LZ4Frame {
    static func decompress(_ compressed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, context: OpaquePointer) throws(CompressionError) {
        // A context left mid-frame by an earlier failure must not carry into this buffer.
        LZ4F_resetDecompressionContext(context)
        // The output is one buffer that stays put, so linked blocks can refer to earlier
        // output where it lies instead of liblz4 keeping a copy.
        var options = LZ4F_decompressOptions_t(stableDst: 1, skipChecksums: 0, reserved1: 0, reserved0: 0)
        let source = compressed.cAddress
        let destination = output.cAddress
        var consumed = 0
        var produced = 0
        var insideFrame = false
        while consumed < compressed.count {
            var sourceSize = compressed.count - consumed
            var destinationSize = output.count - produced
            let hint = LZ4F_decompress(context, destination + produced, &destinationSize, source + consumed, &sourceSize, &options)
            if LZ4F_isError(hint) != 0 {
                let name = errorName(hint)
                if name.contains("allocation") {
                    throw CompressionError(.outOfMemory, .lz4Frame, libraryError: name, "liblz4 could not allocate memory to decompress")
                }
                throw CompressionError(.corrupt, .lz4Frame, libraryError: name, "the LZ4 data is damaged")
            }
            consumed += sourceSize
            produced += destinationSize
            // 0: a frame ended here; another may follow.
            insideFrame = hint != 0
            if insideFrame && sourceSize == 0 && destinationSize == 0 {
                // With input left, liblz4 stops only when it has output and nowhere to put it.
                throw .tooLong(.lz4Frame, declared: output.count)
            }
        }
        if insideFrame {
            throw CompressionError(.truncated, .lz4Frame, "the LZ4 data ends inside a frame, after \(produced) decompressed bytes")
        }
        guard produced == output.count else { throw .tooShort(.lz4Frame, decoded: produced, declared: output.count) }
    }

    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) -> [UInt8] {
        // liblz4's defaults otherwise (64 KiB linked blocks, no checksums, no content
        // size), as Arrow's codec, which zeroes its preferences, writes.
        var preferences = LZ4F_preferences_t()
        preferences.compressionLevel = level
        let bound = LZ4F_compressFrameBound(input.count, &preferences)
        precondition(LZ4F_isError(bound) == 0, "\(input.count) bytes are more than liblz4 compresses in one call")
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            let written = LZ4F_compressFrame(buffer.baseAddress, bound, input.cAddress, input.count, &preferences)
            // With a bound-sized output, only allocation can fail; there is nothing a caller could do.
            precondition(LZ4F_isError(written) == 0, "liblz4 could not compress: \(errorName(written))")
            count = written
        }
    }

    static func errorName(_ result: Int) -> String { String(cString: LZ4F_getErrorName(result)) }
}
