import Synchronization

/// Log levels, as the protocol numbers them.
package enum LogLevel: Int32, Sendable, Codable, Comparable {
    case debug = 10, info = 20, warning = 30, error = 40

    package init(protocolValue: Int32) {
        self = switch protocolValue {
        case ..<20: .debug
        case 20..<30: .info
        case 30..<40: .warning
        default: .error
        }
    }

    package var name: String { String(describing: self) }

    package static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Something a stage reported through the host table while it ran.
package enum StageEvent: Sendable, Equatable {
    case log(LogLevel, String)
    case metric(name: String, value: Double, step: Int64?)
    case param(name: String, json: String)
    case progress(fraction: Double?, message: String?)
}

/// Set once to ask running stages to stop; read by plugins through `is_cancelled`.
package final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    package func cancel() { flag.store(true, ordering: .releasing) }

    package var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
