/// Why a buffer could not be decompressed. `code` is stable, for scripts and tests to
/// match; `message` may be reworded. Carries no offset: the libraries do not say where
/// in the data they found damage, so a reader reports where the buffer starts.
package struct CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable, CaseIterable {
        /// The library rejected the data: not a frame, a malformed block, a checksum that does not match.
        case corrupt = "compression.corrupt"
        /// The data ends inside a frame.
        case truncated = "compression.truncated"
        /// The data decompresses to fewer or more bytes than the buffer declares.
        case wrongLength = "compression.wrong-length"
        /// The library could not allocate its context or buffers.
        case outOfMemory = "compression.out-of-memory"
    }

    package let kind: Kind
    package let codec: BufferCodec
    /// The library's own name for the failure (ZSTD_getErrorName, LZ4F_getErrorName),
    /// nil when the library did not fail but what it produced was wrong.
    package let libraryError: String?
    /// What happened, one phrase naming the codec, e.g. "the ZSTD data is damaged (libzstd: Data corruption detected)".
    package let message: String

    package var code: String { kind.rawValue }

    /// `MESSAGE [code]`, one line.
    package var description: String { "\(message) [\(code)]" }

    init(_ kind: Kind, _ codec: BufferCodec, libraryError: String? = nil, _ message: String) {
        self.kind = kind
        self.codec = codec
        self.libraryError = libraryError
        self.message = message + (libraryError.map { " (\(codec.libraryName): \($0))" } ?? "")
    }

    static func tooShort(_ codec: BufferCodec, decoded: Int, declared: Int) -> CompressionError {
        CompressionError(.wrongLength, codec, "the \(codec) data decompresses to \(decoded) bytes, but the buffer declares \(declared)")
    }

    static func tooLong(_ codec: BufferCodec, declared: Int, libraryError: String? = nil) -> CompressionError {
        CompressionError(.wrongLength, codec, libraryError: libraryError, "the \(codec) data decompresses to more than the \(declared) bytes the buffer declares")
    }
}

extension BufferCodec {
    var libraryName: String { self == .lz4Frame ? "liblz4" : "libzstd" }
}
