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
    /// Its buffers, in one object: a column is copied several times on each step of a
    /// served prediction, and one reference to count is cheaper than four.
    let buffers: Buffers
    /// For categorical: whether the categories have an order.
    public let ordered: Bool

    var validity: ColumnBuffer? { buffers.validity }
    /// Fixed-width values, bit-packed booleans, int32 codes (categorical) or UTF-8 bytes (string).
    var values: ColumnBuffer { buffers.values }
    /// For strings: `count + 1` int32 offsets into `values`.
    var offsets: ColumnBuffer? { buffers.offsets }
    /// For categorical: the categories, as a string column.
    var dictionary: Box? { buffers.dictionary }

    /// Holds the dictionary of a categorical column (a struct cannot contain itself).
    final class Box: Sendable {
        let column: Column
        init(_ column: Column) { self.column = column }
    }

    /// The buffers of a column. Immutable.
    final class Buffers: Sendable {
        let validity: ColumnBuffer?
        let values: ColumnBuffer
        let offsets: ColumnBuffer?
        let dictionary: Box?

        init(validity: ColumnBuffer?, values: ColumnBuffer, offsets: ColumnBuffer?, dictionary: Box?) {
            self.validity = validity
            self.values = values
            self.offsets = offsets
            self.dictionary = dictionary
        }
    }

    init(name: String, type: ColumnType, count: Int, nullCount: Int, validity: ColumnBuffer?, values: ColumnBuffer,
         offsets: ColumnBuffer? = nil, dictionary: Column? = nil, ordered: Bool = false) {
        self.name = name
        self.type = type
        self.count = count
        self.nullCount = nullCount
        buffers = Buffers(validity: nullCount > 0 ? validity : nil, values: values, offsets: offsets, dictionary: dictionary.map(Box.init))
        self.ordered = ordered
    }

    private init(name: String, type: ColumnType, count: Int, nullCount: Int, buffers: Buffers, ordered: Bool) {
        self.name = name
        self.type = type
        self.count = count
        self.nullCount = nullCount
        self.buffers = buffers
        self.ordered = ordered
    }

    /// Whether value `index` is null. `index` must be in `0..<count`.
    public func isNull(_ index: Int) -> Bool {
        guard let validity else { return false }
        return !validity.bit(index)
    }

    /// The same values under another name.
    public func renamed(_ newName: String) -> Column {
        Column(name: newName, type: type, count: count, nullCount: nullCount, buffers: buffers, ordered: ordered)
    }
}
