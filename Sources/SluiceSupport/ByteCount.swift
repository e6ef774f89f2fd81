/// Sizes as people write them in pipeline files (`512MiB`, `2 GiB`, `1.5GB`, `4096`)
/// and as messages show them.
package enum ByteCount {
    private static let units: [(suffix: String, factor: Double)] = [
        ("kib", 1024), ("mib", 1024 * 1024), ("gib", 1024 * 1024 * 1024), ("tib", 1024 * 1024 * 1024 * 1024),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12), ("k", 1024), ("m", 1024 * 1024), ("g", 1024 * 1024 * 1024), ("b", 1),
    ]

    /// The number of bytes `text` names, nil when it is not a size.
    package static func parse(_ text: String) -> Int? {
        let lowered = text.lowercased().filter { $0 != " " && $0 != "_" }
        for unit in units where lowered.hasSuffix(unit.suffix) {
            guard let number = Double(lowered.dropLast(unit.suffix.count)), number >= 0, number.isFinite else { return nil }
            let bytes = number * unit.factor
            return bytes < Double(Int.max) ? Int(bytes.rounded()) : nil
        }
        guard let whole = Int(lowered), whole >= 0 else { return nil }
        return whole
    }

    /// "2 GiB", "512 MiB", "1.5 KiB", "12 bytes".
    package static func text(_ bytes: Int) -> String {
        let steps = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes), unit = -1
        while value >= 1024 && unit < steps.count - 1 {
            value /= 1024
            unit += 1
        }
        guard unit >= 0 else { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        let number = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(number) \(steps[unit])"
    }
}
