import SluiceKit

/// Bytes a stage wrote on an output port, with their media type.
public struct OutputBytes: Sendable, Equatable {
    public let bytes: [UInt8]
    public let mediaType: String

    public init(bytes: [UInt8], mediaType: String) {
        self.bytes = bytes
        self.mediaType = mediaType
    }

    /// The bytes as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes parsed as JSON.
    public func json() throws -> JSONValue {
        do { return try JSONValue.parse(bytes) } catch {
            throw HarnessError("the output (\(mediaType)) is not JSON: \(error)")
        }
    }
}
