import SluiceKit

/// Collects one column of the prediction log across requests. A column keeps one JSON
/// type for the whole window (numbers, strings or booleans; null fits any), because a
/// table column has one type: a line that changes it is an error naming both places.
struct LogColumnBuilder {
    enum Kind: String {
        case number = "numbers", string = "strings", bool = "booleans"
    }

    let name: String
    private(set) var kind: Kind?
    /// Where the first non-null value was (file:line), for the type-change message.
    private var kindSource: LogLocation?
    private(set) var count = 0
    // Storage of the decided kind; nulls hold a placeholder there and a clear bit in `validity`.
    private var doubles: [Double] = []
    private var flags: [Bool] = []
    private var offsets: [Int32] = [0]
    private var utf8: [UInt8] = []
    private var nullRows: [Int] = []

    init(name: String) {
        self.name = name
    }

    /// Appends `values` (from the line at `location`).
    mutating func append(_ values: ArraySlice<LogValue>, at location: LogLocation) throws {
        for value in values { try append(value, at: location) }
    }

    /// Appends `value` `repeating` times.
    mutating func append(_ value: LogValue, repeating times: Int = 1, at location: LogLocation) throws {
        for _ in 0..<times { try append(value, at: location) }
    }

    /// Appends `rows` nulls (a request that did not have this column).
    mutating func appendNulls(_ rows: Int) {
        for _ in 0..<rows { appendNull() }
    }

    /// Takes the type of the first non-null value without storing anything: an empty
    /// window still gives its columns the log's types.
    mutating func learnType(from values: [LogValue], at location: LogLocation) {
        guard kind == nil, let first = values.first(where: { if case .null = $0 { false } else { true } }) else { return }
        decide(Self.kind(of: first)!, at: location)
    }

    private mutating func append(_ value: LogValue, at location: LogLocation) throws {
        guard let valueKind = Self.kind(of: value) else { return appendNull() }
        if kind == nil { decide(valueKind, at: location) }
        guard valueKind == kind else {
            throw StageError.invalidInput("the column '\(name)' changes type in the prediction log: it holds \(kind!.rawValue) (from \(kindSource.map(String.init(describing:)) ?? "?")) but \(valueKind.rawValue) at \(location). A column keeps one type; read the lines of one model version with 'version', or a window after the change")
        }
        switch value {
        case .number(let number): doubles.append(number)
        case .bool(let flag): flags.append(flag)
        case .string(let text):
            utf8.append(contentsOf: text.utf8)
            guard utf8.count <= Int32.max else {
                throw StageError.invalidInput("the column '\(name)' holds more than 2 GiB of text in this window; read a shorter 'window'")
            }
            offsets.append(Int32(utf8.count))
        case .null: break
        }
        count += 1
    }

    private mutating func appendNull() {
        nullRows.append(count)
        switch kind {
        case .number?: doubles.append(0)
        case .bool?: flags.append(false)
        case .string?: offsets.append(Int32(utf8.count))
        case nil: break  // placeholders are added once the type is known
        }
        count += 1
    }

    private mutating func decide(_ newKind: Kind, at location: LogLocation) {
        kind = newKind
        kindSource = location
        // Placeholders for the nulls that came before the type was known.
        switch newKind {
        case .number: doubles = Array(repeating: 0, count: count)
        case .bool: flags = Array(repeating: false, count: count)
        case .string: offsets = Array(repeating: 0, count: count + 1)
        }
    }

    private static func kind(of value: LogValue) -> Kind? {
        switch value {
        case .null: nil
        case .number: .number
        case .string: .string
        case .bool: .bool
        }
    }

    /// The column: numbers as float64 (the log writes integers and floats alike, and a
    /// type that changed with the window would break the drift comparison), strings as
    /// utf8, booleans as bool. A column of nulls only is float64: the SDK has no null
    /// type, and missing numbers are the common case (NaN is logged as null).
    func column() throws -> Column {
        var validity: ValidityBitmap?
        if !nullRows.isEmpty {
            var bitmap = ValidityBitmap(count: count)
            for row in nullRows { bitmap.setNull(row) }
            validity = bitmap
        }
        switch kind {
        case .number?: return try Column(name, float64: doubles, validity: validity)
        case .bool?: return try Column(name, bool: flags, validity: validity)
        case .string?: return try Column(name, utf8Offsets: offsets, bytes: utf8, validity: validity)
        case nil: return try Column(name, float64: Array(repeating: 0, count: count), validity: validity)
        }
    }
}
