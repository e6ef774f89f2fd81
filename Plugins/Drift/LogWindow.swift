import SluiceKit

/// Which part of the prediction log the `predictions` stage reads.
enum LogWindow: Equatable {
    /// Every logged row.
    case all
    /// Requests predicted within `seconds` before now.
    case duration(seconds: Double)
    /// The last `rows` logged rows (cut inside a request when it straddles the edge).
    case rows(Int)

    /// Reads the `window` setting: a duration ("90s", "30m", "1h", "7d", "2w"; decimals
    /// allowed, "1.5h") or a whole number of rows; absent, the whole log.
    init(_ setting: WindowSetting?) throws {
        switch setting {
        case nil:
            self = .all
        case .rows(let count)?:
            guard count > 0 else {
                throw StageError.invalidConfig("'window' is \(count): a number of rows must be at least 1. Leave 'window' out to read the whole log")
            }
            self = .rows(count)
        case .text(let text)?:
            self = .duration(seconds: try Self.seconds(text))
        }
    }

    private static let units: [(suffix: Character, seconds: Double, name: String)] = [
        ("s", 1, "seconds"), ("m", 60, "minutes"), ("h", 3600, "hours"), ("d", 86_400, "days"), ("w", 604_800, "weeks"),
    ]

    private static let syntax = #"a duration such as "90s", "30m", "1h", "7d" or "2w", or a whole number of rows such as 5000"#

    private static func seconds(_ text: String) throws -> Double {
        let trimmed = text.filter { !$0.isWhitespace }
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) {
            // Quoted digits are ambiguous (seconds? rows?), so ask for the intent.
            throw StageError.invalidConfig("'window' is \"\(text)\", a number in quotes: write window: \(trimmed) without quotes for the last \(trimmed) rows, or add a unit (\"\(trimmed)s\", \"\(trimmed)m\") for a duration")
        }
        guard let last = trimmed.last, let unit = units.first(where: { $0.suffix == last }) else {
            throw StageError.invalidConfig("'window' is \"\(text)\", which is not a window: write \(syntax)")
        }
        let amount = trimmed.dropLast()
        // Plain decimals only: Double(String) would also accept "inf", "nan" and hex.
        guard !amount.isEmpty, amount.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(amount) else {
            throw StageError.invalidConfig("'window' is \"\(text)\": '\(amount)' is not a number of \(unit.name). Write \(syntax)")
        }
        let seconds = value * unit.seconds
        guard seconds > 0, seconds.isFinite else {
            throw StageError.invalidConfig("'window' is \"\(text)\", an empty span: a duration must be longer than zero. Leave 'window' out to read the whole log")
        }
        return seconds
    }
}

/// The `window` setting as written: text (a duration) or a number (rows).
enum WindowSetting: Decodable, Equatable, CustomStringConvertible {
    case text(String)
    case rows(Int)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let rows = try? container.decode(Int.self) {
            self = .rows(rows)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            throw StageError.invalidConfig("'window' must be a duration such as \"1h\" or a whole number of rows such as 5000")
        }
    }

    var description: String {
        switch self {
        case .text(let text): text
        case .rows(let rows): String(rows)
        }
    }
}
