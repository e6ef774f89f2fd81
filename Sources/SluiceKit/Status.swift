import CSluiceABI

/// A status code of the plugin protocol (`enum sluice_status` in the header).
public enum Status: Int32, Sendable, CaseIterable {
    case ok = 0
    case invalidArgument = 1
    case invalidConfig = 2
    case invalidInput = 3
    case failed = 4
    case cancelled = 5
    case unsupported = 6
    case notFound = 7
    case outOfMemory = 8
    case gateFailed = 9
    case io = 10
    case `internal` = 11

    /// The status as the C enum value the header defines.
    var raw: Int32 { rawValue }
}
