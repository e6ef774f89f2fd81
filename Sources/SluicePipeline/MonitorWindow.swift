import SluiceJSON
import SluiceSupport
/// How much of the prediction log a monitoring run looks at: the last N rows, or what
/// was logged within a span of time before now (`1h`, `30m`, `7d`).
package enum MonitorWindow: Sendable, Equatable, CustomStringConvertible {
    case rows(Int)
    case duration(text: String, seconds: Double)

    /// Reads `500` (rows) or a duration; nil when the text is neither.
    package init?(parsing text: String) {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let rows = Int(text), rows > 0 else { return nil }
            self = .rows(rows)
        } else if let seconds = DurationText.seconds(text), seconds > 0 {
            self = .duration(text: text, seconds: seconds)
        } else {
            return nil
        }
    }

    package static let syntax = "a number of rows (e.g. 5000) or a span of time (e.g. 90s, 30m, 1h, 7d)"

    /// As a stage's `window` config takes it: an integer for rows, else the text.
    package var configValue: JSONValue {
        switch self {
        case .rows(let rows): .number(Double(rows))
        case .duration(let text, _): .string(text)
        }
    }

    package var description: String {
        switch self {
        case .rows(let rows): "last \(rows) rows"
        case .duration(let text, _): "last \(text)"
        }
    }
}
