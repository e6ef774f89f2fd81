extension Column {
    /// Value `index` as a number (bool as 0 or 1); nil when null or not numeric.
    public func double(at index: Int) -> Double? {
        guard index >= 0, index < count, !isNull(index) else { return nil }
        switch type {
        case .float64: return values.address.load(fromByteOffset: index * 8, as: Double.self)
        case .float32: return Double(values.address.load(fromByteOffset: index * 4, as: Float.self))
        case .int64: return Double(values.address.load(fromByteOffset: index * 8, as: Int64.self))
        case .int32: return Double(values.address.load(fromByteOffset: index * 4, as: Int32.self))
        case .bool: return values.bit(index) ? 1 : 0
        case .string, .categorical: return nil
        }
    }

    /// Value `index` as an integer; nil when null, not an integer column, or not whole.
    public func int64(at index: Int) -> Int64? {
        guard index >= 0, index < count, !isNull(index) else { return nil }
        switch type {
        case .int64: return values.address.load(fromByteOffset: index * 8, as: Int64.self)
        case .int32: return Int64(values.address.load(fromByteOffset: index * 4, as: Int32.self))
        case .bool: return values.bit(index) ? 1 : 0
        default: return nil
        }
    }

    /// Value `index` of a bool column; nil when null or not bool.
    public func bool(at index: Int) -> Bool? {
        guard type == .bool, index >= 0, index < count, !isNull(index) else { return nil }
        return values.bit(index)
    }

    /// Value `index` of a string or categorical column; nil when null.
    public func string(at index: Int) -> String? {
        guard index >= 0, index < count, !isNull(index) else { return nil }
        switch type {
        case .string:
            guard let offsets else { return nil }
            let start = Int(offsets.address.load(fromByteOffset: index * 4, as: Int32.self))
            let end = Int(offsets.address.load(fromByteOffset: (index + 1) * 4, as: Int32.self))
            return String(decoding: UnsafeRawBufferPointer(start: values.address + start, count: end - start), as: UTF8.self)
        case .categorical:
            guard let code = code(at: index) else { return nil }
            return dictionary?.column.string(at: Int(code))
        default:
            return nil
        }
    }

    /// The code of value `index` of a categorical column; nil when null.
    public func code(at index: Int) -> Int32? {
        guard type == .categorical, index >= 0, index < count, !isNull(index) else { return nil }
        return values.address.load(fromByteOffset: index * 4, as: Int32.self)
    }

    /// The categories of a categorical column, in code order (empty for other types).
    public var categories: [String] {
        guard let dictionary = dictionary?.column else { return [] }
        return (0..<dictionary.count).map { dictionary.string(at: $0) ?? "" }
    }

    /// Every value as a number, nulls as NaN (numeric columns; others give all NaN).
    /// A float64 column without nulls is read in one copy.
    public func doubles() -> [Double] {
        if type == .float64, nullCount == 0 {
            return Array(UnsafeBufferPointer(start: values.address.assumingMemoryBound(to: Double.self), count: count))
        }
        return (0..<count).map { double(at: $0) ?? .nan }
    }

    /// Calls `body` with the float64 values in place (no copy). Nulls hold unspecified
    /// values: check `nullCount` / `isNull`. Throws for other types.
    public func withDoubles<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) throws -> R {
        guard type == .float64 else {
            throw StageError.invalidInput("column '\(name)' is \(type.rawValue), not float64")
        }
        return try withExtendedLifetime(values) {
            try body(UnsafeBufferPointer(start: values.address.assumingMemoryBound(to: Double.self), count: count))
        }
    }

    /// Every value as text (strings, categories; numbers printed), nulls as nil.
    public func strings() -> [String?] {
        (0..<count).map { index in
            if let text = string(at: index) { return text }
            if type == .bool { return bool(at: index).map { $0 ? "true" : "false" } }
            if let integer = int64(at: index) { return String(integer) }
            return double(at: index).map { String($0) }
        }
    }

    /// The values at `rows`, in that order (rows may repeat); an out-of-range row gives a null.
    public func taking(_ rows: [Int]) -> Column {
        let outOfRange = rows.contains { $0 < 0 || $0 >= count }
        var validity: ColumnBuffer?
        var nulls = 0
        if nullCount > 0 || outOfRange {
            validity = ColumnBuffer.bitmap(rows.count) { index in
                let row = rows[index]
                return row >= 0 && row < count && !isNull(row)
            }
            nulls = rows.indices.reduce(0) { total, index in
                let row = rows[index]
                return total + (row >= 0 && row < count && !isNull(row) ? 0 : 1)
            }
        }
        switch type {
        case .float64, .float32, .int64, .int32, .categorical:
            // Fixed-width values (and categorical codes) are gathered directly, without boxing.
            let width = type.byteWidth!
            let values = ColumnBuffer(zeroed: rows.count * width)
            for (index, row) in rows.enumerated() where row >= 0 && row < count {
                (values.mutableAddress + index * width).copyMemory(from: self.values.address + row * width, byteCount: width)
            }
            return Column(name: name, type: type, count: rows.count, nullCount: nulls, validity: validity, values: values,
                          dictionary: dictionary?.column, ordered: ordered)
        case .bool:
            let values = ColumnBuffer.bitmap(rows.count) { index in
                let row = rows[index]
                return row >= 0 && row < count && self.values.bit(row)
            }
            return Column(name: name, type: .bool, count: rows.count, nullCount: nulls, validity: validity, values: values)
        case .string:
            return Column(name, strings: rows.map { $0 >= 0 && $0 < count ? string(at: $0) : nil })
        }
    }
}
