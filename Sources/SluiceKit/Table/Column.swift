/// The element type of a column.
public enum ColumnType: String, Sendable, Equatable, CaseIterable {
    case float64, float32, int64, int32, bool
    /// UTF-8 text.
    case string
    /// Text from a small set of categories (dictionary-encoded: int32 codes into the categories).
    case categorical

    /// Whether values read as numbers (`double(at:)`).
    public var isNumeric: Bool { self == .float64 || self == .float32 || self == .int64 || self == .int32 || self == .bool }

    var byteWidth: Int? {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32, .categorical: 4
        case .bool, .string: nil
        }
    }
}

/// One named column of a table: typed values with nulls, stored in Arrow's layout so
/// that handing it to the host (or receiving it) copies nothing.
public struct Column: Sendable {
    /// The column's name.
    public let name: String
    /// The element type.
    public let type: ColumnType
    /// The number of values, nulls included.
    public let count: Int
    /// The number of nulls.
    public let nullCount: Int
    let validity: ColumnBuffer?
    /// Fixed-width values, bit-packed booleans, int32 codes (categorical) or UTF-8 bytes (string).
    let values: ColumnBuffer
    /// For strings: `count + 1` int32 offsets into `values`.
    let offsets: ColumnBuffer?
    /// For categorical: the categories, as a string column.
    let dictionary: Box?
    /// For categorical: whether the categories have an order.
    public let ordered: Bool

    /// Holds the dictionary of a categorical column (a struct cannot contain itself).
    final class Box: Sendable {
        let column: Column
        init(_ column: Column) { self.column = column }
    }

    init(name: String, type: ColumnType, count: Int, nullCount: Int, validity: ColumnBuffer?, values: ColumnBuffer,
         offsets: ColumnBuffer? = nil, dictionary: Column? = nil, ordered: Bool = false) {
        self.name = name
        self.type = type
        self.count = count
        self.nullCount = nullCount
        self.validity = nullCount > 0 ? validity : nil
        self.values = values
        self.offsets = offsets
        self.dictionary = dictionary.map(Box.init)
        self.ordered = ordered
    }

    /// Whether value `index` is null. `index` must be in `0..<count`.
    public func isNull(_ index: Int) -> Bool {
        guard let validity else { return false }
        return !validity.bit(index)
    }

    /// The same values under another name.
    public func renamed(_ newName: String) -> Column {
        Column(name: newName, type: type, count: count, nullCount: nullCount, validity: validity, values: values, offsets: offsets,
               dictionary: dictionary?.column, ordered: ordered)
    }
}
