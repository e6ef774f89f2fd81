import SluiceJSON

/// Why a line of the prediction log cannot be read; the reader adds the file and line.
struct LogLineError: Error, JSONFailure {
    let message: String
    init(_ message: String) { self.message = message }

    init(_ syntax: JSONSyntaxError) {
        message = "\(syntax.message) (at byte \(syntax.offset + 1))"
    }
}

/// A scalar of the prediction log's columns: what a JSON list of values may hold.
enum LogValue {
    case null
    case number(Double)
    case string(String)
    case bool(Bool)

    init(_ scalar: JSONScalar) {
        switch scalar {
        case .null: self = .null
        case .number(let value, _): self = .number(value)
        case .string(let value): self = .string(value)
        case .bool(let value): self = .bool(value)
        }
    }
}

/// The prediction log is read with the pull reader `sluice serve` reads requests with.
typealias LogLineReader = JSONPullReader<LogLineError>
