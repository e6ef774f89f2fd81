import SluiceKit

// What a stage told the fake host, in the order it said it.

/// A log line.
public struct LogRecord: Sendable, Equatable {
    public let level: LogLevel
    public let message: String

    public init(level: LogLevel, message: String) {
        self.level = level
        self.message = message
    }
}

/// A metric; `step` is nil for a single value, the step for a series.
public struct MetricRecord: Sendable, Equatable {
    public let name: String
    public let value: Double
    public let step: Int?

    public init(name: String, value: Double, step: Int? = nil) {
        self.name = name
        self.value = value
        self.step = step
    }
}

/// A parameter the stage chose or derived, as the JSON text it gave.
public struct ParamRecord: Sendable, Equatable {
    public let name: String
    public let json: String

    public init(name: String, json: String) {
        self.name = name
        self.json = json
    }
}

/// A progress report; `fraction` is nil when the stage said it did not know.
public struct ProgressRecord: Sendable, Equatable {
    public let fraction: Double?
    public let message: String?

    public init(fraction: Double?, message: String? = nil) {
        self.fraction = fraction
        self.message = message
    }
}

/// An artifact: written by the stage, or given to the harness for `artifact_read`.
public struct ArtifactRecord: Sendable, Equatable {
    public let name: String
    public let mediaType: String
    public let bytes: [UInt8]
    /// "sha256:<hex>", as the host's store names it.
    public let digest: String

    /// An artifact to seed the fake host's store with, readable by name or digest.
    public init(name: String, mediaType: String = "application/octet-stream", bytes: [UInt8]) {
        self.name = name
        self.mediaType = mediaType
        self.bytes = bytes
        digest = SHA256.digest(bytes)
    }

    /// The bytes as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
