// Column builders that take whole buffers: a plain values array plus an optional
// validity bitmap, the way Arrow stores a column. The arrays are taken over, not
// copied, so a loader that fills `[Double]` itself pays nothing more to make a column;
// nothing here needs per-value optionals or unsafe code from the caller.

extension Column {
    /// A float64 column from its values; `validity` marks the nulls (their values are ignored).
    public init(_ name: String, float64 values: consuming [Double], validity: ValidityBitmap? = nil) throws {
        try self.init(name, moving: values, type: .float64, validity: validity)
    }

    /// A float32 column from its values; `validity` marks the nulls.
    public init(_ name: String, float32 values: consuming [Float], validity: ValidityBitmap? = nil) throws {
        try self.init(name, moving: values, type: .float32, validity: validity)
    }

    /// An int64 column from its values; `validity` marks the nulls.
    public init(_ name: String, int64 values: consuming [Int64], validity: ValidityBitmap? = nil) throws {
        try self.init(name, moving: values, type: .int64, validity: validity)
    }

    /// An int32 column from its values; `validity` marks the nulls.
    public init(_ name: String, int32 values: consuming [Int32], validity: ValidityBitmap? = nil) throws {
        try self.init(name, moving: values, type: .int32, validity: validity)
    }

    /// A bool column from its values (packed to bits); `validity` marks the nulls.
    public init(_ name: String, bool values: [Bool], validity: ValidityBitmap? = nil) throws {
        let buffer = values.withUnsafeBufferPointer { flags in ColumnBuffer.bitmap(flags.count) { flags[$0] } }
        let (validity, nullCount) = try Column.checked(validity, count: values.count, column: name)
        self.init(name: name, type: .bool, count: values.count, nullCount: nullCount, validity: validity, values: buffer)
    }

    /// A string column in Arrow's layout: value `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    /// `offsets` has one more entry than there are values and never decreases; `bytes`
    /// must be UTF-8. Throws, naming the first problem, when either is not so.
    public init(_ name: String, utf8Offsets offsets: consuming [Int32], bytes: consuming [UInt8], validity: ValidityBitmap? = nil) throws {
        let offsets = offsets, bytes = bytes
        guard let first = offsets.first, let last = offsets.last else {
            throw StageError.invalidInput("column '\(name)': string offsets need at least one entry (0 for an empty column)")
        }
        guard first >= 0, Int(last) <= bytes.count else {
            throw StageError.invalidInput("column '\(name)': string offsets run from \(first) to \(last), outside the \(bytes.count) bytes given")
        }
        let count = offsets.count - 1
        let problem: String? = offsets.withUnsafeBufferPointer { offsets in
            bytes.withUnsafeBufferPointer { bytes in
                for index in 0..<count where offsets[index + 1] < offsets[index] {
                    return "string offset \(index + 1) (\(offsets[index + 1])) is less than offset \(index) (\(offsets[index]))"
                }
                // The whole run valid, and no value starting inside a character, means every value is valid.
                let used = UnsafeBufferPointer(rebasing: bytes[Int(first)..<Int(last)])
                if let bad = UTF8Validation.firstInvalid(used) {
                    return "byte \(Int(first) + bad) (\(used[bad])) is not UTF-8"
                }
                for index in 1..<max(1, count) where Int(offsets[index]) < Int(last) && bytes[Int(offsets[index])] & 0xC0 == 0x80 {
                    return "value \(index) starts in the middle of a UTF-8 character (byte \(offsets[index]))"
                }
                return nil
            }
        }
        if let problem { throw StageError.invalidInput("column '\(name)': \(problem)") }
        let (validity, nullCount) = try Column.checked(validity, count: count, column: name)
        self.init(name: name, type: .string, count: count, nullCount: nullCount, validity: validity,
                  values: ColumnBuffer(moving: bytes), offsets: ColumnBuffer(moving: offsets))
    }

    /// A categorical column: `codes` index into `categories` (a string column without
    /// nulls, e.g. built with `Column(_:utf8Offsets:bytes:)`); `validity` marks the nulls,
    /// whose codes are ignored. Throws when a present value's code is not a category.
    public init(_ name: String, codes: consuming [Int32], validity: ValidityBitmap? = nil, categories: Column, ordered: Bool = false) throws {
        let codes = codes
        guard categories.type == .string, categories.nullCount == 0 else {
            throw StageError.invalidInput("column '\(name)': categories must be a string column without nulls, not \(categories.type.rawValue) with \(categories.nullCount) nulls")
        }
        let (validity, nullCount) = try Column.checked(validity, count: codes.count, column: name)
        let limit = Int32(clamping: categories.count)
        let bad: Int? = codes.withUnsafeBufferPointer { codes in
            for index in codes.indices where (codes[index] < 0 || codes[index] >= limit) && validity?.bit(index) != false {
                return index
            }
            return nil
        }
        if let bad {
            throw StageError.invalidInput("column '\(name)': value \(bad) has code \(codes[bad]), but there are \(categories.count) categories; mark it null in `validity` or add the category")
        }
        self.init(name: name, type: .categorical, count: codes.count, nullCount: nullCount, validity: validity,
                  values: ColumnBuffer(moving: codes), dictionary: categories.renamed(""), ordered: ordered)
    }

    private init<Element: BitwiseCopyable>(_ name: String, moving values: consuming [Element], type: ColumnType, validity: ValidityBitmap?) throws {
        let values = values
        let (validity, nullCount) = try Column.checked(validity, count: values.count, column: name)
        let count = values.count
        self.init(name: name, type: type, count: count, nullCount: nullCount, validity: validity, values: ColumnBuffer(moving: values))
    }

    /// The bitmap's buffer (nil without nulls) and null count, once its length matches.
    private static func checked(_ validity: ValidityBitmap?, count: Int, column: String) throws -> (ColumnBuffer?, Int) {
        guard let validity, validity.nullCount > 0 else {
            if let validity, validity.count != count { throw lengthMismatch(validity, count, column) }
            return (nil, 0)
        }
        guard validity.count == count else { throw lengthMismatch(validity, count, column) }
        return (ColumnBuffer(moving: validity.bytes), validity.nullCount)
    }

    private static func lengthMismatch(_ validity: ValidityBitmap, _ count: Int, _ column: String) -> StageError {
        StageError.invalidInput("column '\(column)': \(count) values but a validity bitmap of \(validity.count); make it with ValidityBitmap(count: \(count))")
    }
}
