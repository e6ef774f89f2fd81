/// The type a user may give a column in `types`.
enum DeclaredType: String, CaseIterable, Sendable {
    case float64, int64, bool, string, categorical
}

/// What a parser does with one column of the file.
enum ColumnPlan: Sendable, Equatable {
    /// Not wanted (`columns` / `drop`): fields are checked for quoting, nothing more.
    case skip
    /// Infer the type from the values; `asString` once an earlier pass found text.
    case infer(asString: Bool)
    /// The type from `types`: a value that does not parse is an error.
    case declared(DeclaredType)
}

/// The type a column has reached so far while parsing.
enum ColumnKind: UInt8, Sendable {
    /// Only nulls so far.
    case unknown
    case int64, float64, bool, string
}

/// What adding a value did.
enum AddResult {
    case ok
    /// The column turned out to hold text after numbers or booleans: parse it again as string.
    case restartAsString
    /// A value does not parse as the declared type.
    case notDeclaredType
    /// The text is not valid UTF-8: the index of the bad byte in the field's raw bytes.
    case invalidUTF8(Int)
}

/// The values of one column parsed from one chunk of the file, in malloc'd buffers
/// (a plain struct so the parse loop touches no reference counts). `free()` releases them.
struct ColumnState {
    let plan: ColumnPlan
    private(set) var kind: ColumnKind
    /// Values added, nulls included.
    private(set) var rows = 0
    private(set) var nullCount = 0
    /// One byte per row, 1 for null; empty until the first null after a non-null value.
    private(set) var nulls = GrowBuffer<UInt8>()
    private(set) var ints = GrowBuffer<Int64>()
    private(set) var doubles = GrowBuffer<Double>()
    private(set) var bools = GrowBuffer<UInt8>()
    /// Strings, dictionary mode: codes into `dictionary` (-1 for null).
    private(set) var codes = GrowBuffer<Int32>()
    private(set) var dictionary: ByteDictionary?
    /// Strings, plain mode (too many distinct values to be worth a dictionary):
    /// bytes one after another and where each value ends.
    private(set) var bytes = GrowBuffer<UInt8>()
    private(set) var ends = GrowBuffer<Int>()
    private(set) var plainStrings = false

    /// `expectedRows` sizes the buffers up front (a guess; they grow when needed).
    init(plan: ColumnPlan, expectedRows: Int) {
        self.plan = plan
        switch plan {
        case .skip, .infer(asString: false): kind = .unknown
        case .infer(asString: true): kind = .string
        case .declared(let type):
            switch type {
            case .float64: kind = .float64
            case .int64: kind = .int64
            case .bool: kind = .bool
            case .string, .categorical: kind = .string
            }
        }
        reserve(expectedRows)
    }

    private mutating func reserve(_ expected: Int) {
        switch kind {
        case .unknown: break
        case .int64: ints.reserve(expected)
        case .float64: doubles.reserve(expected)
        case .bool: bools.reserve(expected)
        case .string:
            if dictionary == nil && !plainStrings { dictionary = ByteDictionary() }
            codes.reserve(expected)
        }
    }

    var isDeclared: Bool { if case .declared = plan { true } else { false } }

    @inline(__always)
    private mutating func markValue() {
        if nulls.base != nil { nulls.append(0) }
        rows += 1
    }

    /// Adds a null.
    @inline(__always)
    mutating func addNull() {
        switch kind {
        case .unknown:
            nullCount += 1
            rows += 1
            return
        case .int64: ints.append(0)
        case .float64: doubles.append(0)
        case .bool: bools.append(0)
        case .string:
            if plainStrings { ends.append(bytes.count) } else { codes.append(-1) }
        }
        if nulls.base == nil { nulls.append(repeating: 0, count: rows) }
        nulls.append(1)
        nullCount += 1
        rows += 1
    }

    /// Adds the value `start..<end` (unescaped); `raw` is the field as it is in the file,
    /// for checking UTF-8.
    @inline(__always)
    mutating func add(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, raw: UnsafeBufferPointer<UInt8>, expectedRows: Int) -> AddResult {
        switch kind {
        case .float64:
            guard let value = NumberParser.double(start, end) else { return isDeclared ? .notDeclaredType : .restartAsString }
            doubles.append(value)
        case .int64:
            if let value = NumberParser.int64(start, end) {
                ints.append(value)
            } else if !isDeclared, let value = NumberParser.double(start, end) {
                widenToFloat(expectedRows: expectedRows)
                doubles.append(value)
            } else {
                return isDeclared ? .notDeclaredType : .restartAsString
            }
        case .bool:
            guard let value = NumberParser.bool(start, end) else { return isDeclared ? .notDeclaredType : .restartAsString }
            bools.append(value ? 1 : 0)
        case .string:
            return addString(start, end, raw: raw)
        case .unknown:
            return addFirst(start, end, raw: raw, expectedRows: expectedRows)
        }
        markValue()
        return .ok
    }

    /// Adds a float64 value already parsed (the column is float64).
    @inline(__always)
    mutating func addParsed(_ value: Double) {
        doubles.append(value)
        markValue()
    }

    /// The common case, small enough to inline into the parse loop (`add` cannot be: it
    /// recurses through `addFirst`): a number into a column already typed float64 or
    /// int64. False when it is not that case; then `add` decides.
    @inline(__always)
    mutating func addNumber(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        switch kind {
        case .float64:
            guard let value = NumberParser.double(start, end) else { return false }
            doubles.append(value)
        case .int64:
            guard let value = NumberParser.int64(start, end) else { return false }
            ints.append(value)
        default:
            return false
        }
        markValue()
        return true
    }

    /// The first non-null value decides the type (nulls before it are filled in).
    private mutating func addFirst(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, raw: UnsafeBufferPointer<UInt8>, expectedRows: Int) -> AddResult {
        if NumberParser.int64(start, end) != nil {
            kind = .int64
        } else if NumberParser.double(start, end) != nil {
            kind = .float64
        } else if NumberParser.bool(start, end) != nil {
            kind = .bool
        } else {
            kind = .string
        }
        reserve(expectedRows)
        let earlierNulls = rows
        rows = 0
        nullCount = 0
        for _ in 0..<earlierNulls { addNull() }
        return add(start, end, raw: raw, expectedRows: expectedRows)
    }

    /// Integers seen so far become doubles (exactly as a decimal parse of them would round).
    private mutating func widenToFloat(expectedRows: Int) {
        doubles.reserve(max(expectedRows, ints.count + 1))
        for index in 0..<ints.count { doubles.append(Double(ints[index])) }
        ints.free()
        kind = .float64
    }

    @inline(__always)
    private mutating func addString(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, raw: UnsafeBufferPointer<UInt8>) -> AddResult {
        let length = end - start
        if plainStrings {
            if let bad = UTF8Check.firstInvalid(raw) { return .invalidUTF8(bad) }
            bytes.append(contentsOf: start, count: length)
            ends.append(bytes.count)
        } else {
            let (code, isNew) = dictionary!.code(start, length)
            if isNew {
                if let bad = UTF8Check.firstInvalid(raw) { return .invalidUTF8(bad) }
                if dictionary!.count > 65_536 && dictionary!.count * 2 > rows { switchToPlainStrings() }
            }
            if plainStrings {
                bytes.append(contentsOf: start, count: length)
                ends.append(bytes.count)
            } else {
                codes.append(code)
            }
        }
        markValue()
        return .ok
    }

    /// Most values are distinct: a dictionary would only cost time and memory.
    private mutating func switchToPlainStrings() {
        guard var dictionary else { return }
        ends.reserve(codes.capacity)
        for index in 0..<codes.count {
            let code = codes[index]
            if code >= 0 {
                let value = dictionary.value(Int(code))
                if let base = value.baseAddress { bytes.append(contentsOf: base, count: value.count) }
            }
            ends.append(bytes.count)
        }
        codes.free()
        dictionary.free()
        self.dictionary = nil
        plainStrings = true
    }

    mutating func free() {
        nulls.free()
        ints.free()
        doubles.free()
        bools.free()
        codes.free()
        dictionary?.free()
        dictionary = nil
        bytes.free()
        ends.free()
    }
}
