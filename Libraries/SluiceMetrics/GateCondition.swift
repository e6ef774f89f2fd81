/// A condition a metric's value must meet for its gate to pass, written as text in
/// a pipeline:
///
///     ">= 0.8"    at least            "<= 50"   at most
///     "> 0.8"     greater than        "< 50"    less than
///     "== 1"      equal, to within 1e-9 × max(1, |x|) (exact float equality would
///                 fail on rounding)
///     "between 0.7 and 0.9"   inclusive at both ends; the lower bound first
///
/// Numbers are decimal, optionally signed, with an optional exponent (`1e-3`); the
/// space after the operator is optional; `between` and `and` are case-insensitive.
/// A value that is not a number (NaN) meets no condition.
public struct GateCondition: Equatable, Sendable, CustomStringConvertible {
    public enum Comparison: Equatable, Sendable {
        case atLeast(Double), atMost(Double), greaterThan(Double), lessThan(Double), equalTo(Double)
        case between(Double, Double)
    }

    public let comparison: Comparison

    /// Reads a condition; the error says what is wrong and shows the syntax.
    public init(parsing text: String) throws(MetricError) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw Self.malformed(text, "it is empty") }
        if trimmed.lowercased().hasPrefix("between") {
            comparison = try Self.parseBetween(text, String(trimmed.dropFirst("between".count)))
            return
        }
        for (symbol, make) in Self.operators where trimmed.hasPrefix(symbol) {
            let rest = String(trimmed.dropFirst(symbol.count))
            if let wrong = Self.misspelt.first(where: { rest.hasPrefix($0.key) }) {
                throw Self.malformed(text, "'\(symbol)\(wrong.key)' is not a comparison; write '\(wrong.value)'")
            }
            comparison = make(try Self.number(rest, in: text, after: symbol))
            return
        }
        if let wrong = Self.misspelt.first(where: { trimmed.hasPrefix($0.key) }) {
            throw Self.malformed(text, "'\(wrong.key)' is not a comparison; write '\(wrong.value)'")
        }
        throw Self.malformed(text, "it does not start with >=, <=, >, <, == or between")
    }

    /// A condition built in code.
    public init(_ comparison: Comparison) { self.comparison = comparison }

    /// Whether `value` meets the condition.
    public func isMet(by value: Double) -> Bool {
        guard !value.isNaN else { return false }
        switch comparison {
        case .atLeast(let x): return value >= x
        case .atMost(let x): return value <= x
        case .greaterThan(let x): return value > x
        case .lessThan(let x): return value < x
        case .equalTo(let x): return abs(value - x) <= 1e-9 * max(1, abs(x))
        case .between(let low, let high): return value >= low && value <= high
        }
    }

    /// The condition in its canonical text form, e.g. ">= 0.8".
    public var description: String {
        switch comparison {
        case .atLeast(let x): ">= \(Self.format(x))"
        case .atMost(let x): "<= \(Self.format(x))"
        case .greaterThan(let x): "> \(Self.format(x))"
        case .lessThan(let x): "< \(Self.format(x))"
        case .equalTo(let x): "== \(Self.format(x))"
        case .between(let low, let high): "between \(Self.format(low)) and \(Self.format(high))"
        }
    }

    /// The syntax, for error messages.
    public static let syntax = #"">= 0.8", "<= 50", "> x", "< x", "== x" or "between 0.7 and 0.9""#

    // Longest symbols first, so ">=" is not read as ">" followed by "=".
    private static let operators: [(String, @Sendable (Double) -> Comparison)] = [
        (">=", { .atLeast($0) }), ("<=", { .atMost($0) }), ("==", { .equalTo($0) }),
        (">", { .greaterThan($0) }), ("<", { .lessThan($0) }),
    ]

    // Spellings people reach for that mean something else or nothing here.
    // Longest first, so "=>" is reported as itself rather than as "=".
    private static let misspelt: [(key: String, value: String)] = [
        ("=>", ">="), ("=<", "<="), ("!=", "< x or > x (one gate per metric)"), ("≥", ">="), ("≤", "<="), ("=", "=="),
    ]

    private static func parseBetween(_ text: String, _ rest: String) throws(MetricError) -> Comparison {
        let words = rest.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 3, words[1].lowercased() == "and" else {
            throw malformed(text, "write a range as \"between LOW and HIGH\", e.g. \"between 0.7 and 0.9\"")
        }
        let low = try number(words[0], in: text, after: "between")
        let high = try number(words[2], in: text, after: "and")
        guard low <= high else {
            throw malformed(text, "the lower bound comes first: \"between \(format(high)) and \(format(low))\"")
        }
        return .between(low, high)
    }

    private static func number(_ word: String, in text: String, after symbol: String) throws(MetricError) -> Double {
        let word = word.trimmingWhitespace
        guard !word.isEmpty else { throw malformed(text, "'\(symbol)' needs a number after it") }
        // Only plain decimal numbers: Swift's Double(String) also reads "nan", "inf" and hex.
        let allowed = word.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        guard allowed, let value = Double(word), value.isFinite else {
            throw malformed(text, "'\(word)' is not a number")
        }
        return value
    }

    private static func malformed(_ text: String, _ reason: String) -> MetricError {
        MetricError("gate.bad-condition", "the gate condition \"\(text)\" cannot be read: \(reason). Conditions look like \(syntax)")
    }

    /// Shortest text that reads back as `x`: 0.8 rather than 0.80000000000000004.
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}

extension String {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
