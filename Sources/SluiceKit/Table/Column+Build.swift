extension Column {
    /// A float64 column without nulls.
    public init(_ name: String, doubles: [Double]) {
        self.init(name, fixed: doubles, type: .float64, nulls: nil)
    }

    /// A float64 column; nil is null.
    public init(_ name: String, doubles: [Double?]) {
        self.init(name, optionals: doubles, type: .float64, zero: 0)
    }

    /// A float32 column; nil is null.
    public init(_ name: String, floats: [Float?]) {
        self.init(name, optionals: floats, type: .float32, zero: 0)
    }

    /// An int64 column; nil is null.
    public init(_ name: String, int64s: [Int64?]) {
        self.init(name, optionals: int64s, type: .int64, zero: 0)
    }

    /// An int32 column; nil is null.
    public init(_ name: String, int32s: [Int32?]) {
        self.init(name, optionals: int32s, type: .int32, zero: 0)
    }

    /// A bool column; nil is null.
    public init(_ name: String, bools: [Bool?]) {
        let values = ColumnBuffer.bitmap(bools.count) { bools[$0] == true }
        let (validity, nullCount) = Column.validity(bools.map { $0 == nil })
        self.init(name: name, type: .bool, count: bools.count, nullCount: nullCount, validity: validity, values: values)
    }

    /// A string column; nil is null.
    public init(_ name: String, strings: [String?]) {
        let offsets = ColumnBuffer(zeroed: (strings.count + 1) * 4)
        var total = 0
        for (index, string) in strings.enumerated() {
            total += string?.utf8.count ?? 0
            offsets.mutableAddress.storeBytes(of: Int32(clamping: total), toByteOffset: (index + 1) * 4, as: Int32.self)
        }
        let values = ColumnBuffer(zeroed: total)
        var position = 0
        for string in strings {
            guard let string else { continue }
            var copy = string
            copy.withUTF8 { bytes in
                if let base = bytes.baseAddress { (values.mutableAddress + position).copyMemory(from: base, byteCount: bytes.count) }
                position += bytes.count
            }
        }
        let (validity, nullCount) = Column.validity(strings.map { $0 == nil })
        self.init(name: name, type: .string, count: strings.count, nullCount: nullCount, validity: validity, values: values, offsets: offsets)
    }

    /// A categorical column: each distinct text becomes a category (in order of first
    /// appearance) and values are stored as codes; nil is null.
    public init(_ name: String, categories values: [String?]) {
        var codes: [Int32?] = []
        codes.reserveCapacity(values.count)
        var index: [String: Int32] = [:]
        var categories: [String] = []
        for value in values {
            guard let value else { codes.append(nil); continue }
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(categories.count)
                index[value] = code
                categories.append(value)
                codes.append(code)
            }
        }
        self.init(name, codes: codes, categories: categories)
    }

    /// A categorical column from codes into `categories`; nil is null. Codes must be
    /// valid indices into `categories` (an invalid code is stored as null).
    public init(_ name: String, codes: [Int32?], categories: [String], ordered: Bool = false) {
        let valid = codes.map { code in code.map { $0 >= 0 && Int($0) < categories.count } ?? false }
        var column = Column(name, fixed: codes.map { $0 ?? 0 }, type: .categorical, nulls: valid.map { !$0 })
        column = Column(name: name, type: .categorical, count: column.count, nullCount: column.nullCount, validity: column.validity,
                        values: column.values, dictionary: Column("", strings: categories), ordered: ordered)
        self = column
    }

    /// Values with nulls, without an array of flags in between: a bitmap only when there
    /// is a null (transforms build a column this way for every column on every call).
    private init<T: BitwiseCopyable>(_ name: String, optionals: [T?], type: ColumnType, zero: T) {
        var nullCount = 0
        let values = optionals.map { value -> T in
            if let value { return value }
            nullCount += 1
            return zero
        }
        let validity = nullCount == 0 ? nil : ColumnBuffer.bitmap(optionals.count) { optionals[$0] != nil }
        // The array is taken over as the column's memory, not copied.
        self.init(name: name, type: type, count: values.count, nullCount: nullCount, validity: validity, values: ColumnBuffer(moving: values))
    }

    private init<T: BitwiseCopyable>(_ name: String, fixed values: [T], type: ColumnType, nulls: [Bool]?) {
        let (validity, nullCount) = nulls.map(Column.validity) ?? (nil, 0)
        // The array is taken over as the column's memory, not copied.
        self.init(name: name, type: type, count: values.count, nullCount: nullCount, validity: validity, values: ColumnBuffer(moving: values))
    }

    private static func validity(_ nulls: [Bool]) -> (ColumnBuffer?, Int) {
        let nullCount = nulls.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard nullCount > 0 else { return (nil, 0) }
        return (ColumnBuffer.bitmap(nulls.count) { !nulls[$0] }, nullCount)
    }
}
