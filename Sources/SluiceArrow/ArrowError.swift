/// The errors of the Arrow model and IPC files, with their stable codes.
///
/// Codes: `arrow.bad-magic`, `arrow.truncated`, `arrow.corrupt`,
/// `arrow.unsupported-type`, `arrow.unsupported-feature`, `arrow.io`, `arrow.invalid`.
package enum ArrowError {
    /// The file does not start or end with Arrow's `ARROW1` magic.
    package static func badMagic(_ path: String, at offset: Int, _ message: String) -> SluiceError {
        SluiceError(.arrowBadMagic, at: path, "at byte \(offset): \(message)")
    }

    /// The file ends before something it declares.
    package static func truncated(_ path: String, at offset: Int, _ what: String) -> SluiceError {
        SluiceError(.arrowTruncated, at: path, "at byte \(offset): \(what); the file was probably cut short (a copy or a write that did not finish): write or copy it again")
    }

    /// The bytes contradict the format: offsets out of range, impossible lengths.
    package static func corrupt(_ path: String, at offset: Int, _ what: String) -> SluiceError {
        SluiceError(.arrowCorrupt, at: path, "at byte \(offset): \(what); the file is damaged or not an Arrow IPC file: write it again with pyarrow or Sluice")
    }

    /// A column has a type the host does not hold.
    package static func unsupportedType(_ path: String, at offset: Int, column: String, type: String, advice: String) -> SluiceError {
        SluiceError(.arrowUnsupportedType, at: path, "at byte \(offset): column '\(column)' has Arrow type \(type), which Sluice does not read yet; \(advice)")
    }

    /// The file uses a part of the format the host does not implement (compression, big-endian).
    package static func unsupportedFeature(_ path: String, at offset: Int, _ message: String) -> SluiceError {
        SluiceError(.arrowUnsupportedFeature, at: path, "at byte \(offset): \(message)")
    }

    /// The operating system refused to open, read, write or rename a file.
    package static func io(_ path: String, _ operation: String, errno code: Int32) -> SluiceError {
        SluiceError(.arrowIo, at: path, "could not \(operation): \(String(cString: strerror(code))); check that the path exists and is readable or writable")
    }

    /// A table or array built in memory is inconsistent (a programming error of the caller).
    package static func invalid(_ message: String) -> SluiceError {
        SluiceError(.arrowInvalid, "invalid Arrow data: \(message)")
    }
}

import SluiceSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
