/// Durations as people write them in a pipeline: `30s`, `5m`, `1h30m`, `250ms`, `1.5h`, `7d`.
package enum DurationText {
    private static let units: [String: Double] = ["d": 86400, "h": 3600, "m": 60, "s": 1, "ms": 0.001]

    /// The duration in seconds, or nil when the text is not one.
    package static func seconds(_ text: String) -> Double? {
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard !number.isEmpty, let value = Double(number), let scale = units[String(unit)] else { return nil }
            total += value * scale
        }
        return total
    }
}
