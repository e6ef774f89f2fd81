import SluiceArrow
import SluiceSupport


/// Gathers one column's JSON values in typed arrays as they are read (numbers as
/// doubles, and as integers while every number is one; strings; booleans; nulls in
/// a validity list), then builds the Arrow array the model's feature asks for.
struct ColumnBuilder {
    enum Kind: String { case unknown = "nothing", number = "numbers", string = "strings", bool = "booleans" }

    /// For messages: "feature 'x'", "input tensor 'x'".
    var what: String
    private(set) var kind = Kind.unknown
    private(set) var count = 0
    private var doubles: [Double] = []
    /// The numbers as integers, while all of them are; nil once one is not.
    private var integers: [Int64]? = []
    private var strings: [String] = []
    private var bools: [Bool] = []
    /// One flag per value once a null was seen; nil while there is none.
    private var valid: [Bool]?
    private var firstNonInteger: Int?

    init(what: String, reservingCapacity capacity: Int = 0) {
        self.what = what
        doubles.reserveCapacity(capacity)
        integers?.reserveCapacity(capacity)
    }

    mutating func append(_ value: JSONReader.Scalar, at place: @autoclosure () -> String) throws(ServeError) {
        switch value {
        case .number(let number, let integer):
            try settle(.number, at: place())
            doubles.append(number)
            if integers != nil {
                if let integer { integers!.append(integer) } else { integers = nil; firstNonInteger = count }
            }
        case .string(let text):
            try settle(.string, at: place())
            strings.append(text)
        case .bool(let flag):
            try settle(.bool, at: place())
            bools.append(flag)
        case .null:
            if valid == nil { valid = Array(repeating: true, count: count) }
            appendPlaceholder()
            valid!.append(false)
            count += 1
            return
        }
        valid?.append(true)
        count += 1
    }

    /// Fixes the column's kind at its first value; a later value of another kind is an
    /// error. `place` is only made for that error: it runs for every value of a request.
    private mutating func settle(_ wanted: Kind, at place: @autoclosure () -> String) throws(ServeError) {
        if kind == wanted { return }
        guard kind == .unknown else {
            throw .badRequest("wrong-type", "\(place()): \(what) holds \(kind.rawValue), but this value is one of the \(wanted.rawValue)")
        }
        kind = wanted
        // Nulls read before the first value get placeholders of the settled kind.
        let nulls = count
        for _ in 0..<nulls { appendPlaceholder() }
    }

    private mutating func appendPlaceholder() {
        switch kind {
        case .unknown: break
        case .number: doubles.append(0); integers?.append(0)
        case .string: strings.append("")
        case .bool: bools.append(false)
        }
    }

    /// The Arrow array for a feature of `type`. Numbers convert between the numeric
    /// types when no value is lost; anything else is a 400 naming the column.
    func build(_ type: ArrowDataType) throws(ServeError) -> ArrowArrayData {
        let nullCount = valid.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0
        if kind == .unknown {
            // Only nulls, or no rows: any type will do.
            return Self.allNull(type, count: count)
        }
        let validity = valid.map(Self.bitmap)
        func array(_ values: ArrowBuffer, offsets: ArrowBuffer? = nil) throws(ServeError) -> ArrowArrayData {
            do {
                return try ArrowArrayData(type: type, length: count, nullCount: nullCount, validity: validity, offsets: offsets, values: values)
            } catch {
                throw ServeError(.internalServerError, "serve.internal", "could not build the column of \(what): \(error)")
            }
        }
        switch (type, kind) {
        case (.float64, .number):
            return try array(Self.buffer(doubles))
        case (.float32, .number):
            return try array(Self.buffer(doubles.map { Float($0) }))
        case (.int64, .number):
            return try array(Self.buffer(try exactIntegers()))
        case (.int32, .number):
            let values = try exactIntegers()
            guard let wide = values.firstIndex(where: { Int32(exactly: $0) == nil }) else {
                return try array(Self.buffer(values.map { Int32($0) }))
            }
            throw .badRequest("wrong-type", "\(what) is int32, but row \(wide) holds \(values[wide]), out of its range")
        case (.bool, .bool):
            return try array(Self.bitmap(bools))
        case (.utf8, .string):
            do {
                return try ArrowArrayData(ArrowValues.utf8(nullable(strings)))
            } catch {
                throw .badRequest("too-large", "the strings of \(what) exceed 2 GiB")
            }
        case (.dictionary(let ordered), .string):
            do {
                return try ArrowArrayData(ArrowValues.dictionary(nullable(strings), ordered: ordered))
            } catch {
                throw .badRequest("too-large", "the strings of \(what) exceed 2 GiB")
            }
        default:
            throw .badRequest("wrong-type", "\(what) is \(Self.name(type)), but the request gives \(kind.rawValue)")
        }
    }

    var integersKept: Bool { integers != nil }

    /// The value at `index`, as read.
    func scalar(_ index: Int) -> JSONReader.Scalar {
        if let valid, !valid[index] { return .null }
        switch kind {
        case .unknown: return .null
        case .number: return .number(doubles[index], integer: integers?[index])
        case .string: return .string(strings[index])
        case .bool: return .bool(bools[index])
        }
    }

    private func exactIntegers() throws(ServeError) -> [Int64] {
        if let integers { return integers }
        let row = firstNonInteger ?? 0
        throw .badRequest("wrong-type", "\(what) is an integer column, but row \(row) holds \(doubles[row])")
    }

    private func nullable<T>(_ values: [T]) -> [T?] {
        guard let valid else { return values }
        return zip(values, valid).map { $1 ? $0 : nil }
    }

    private static func allNull(_ type: ArrowDataType, count: Int) -> ArrowArrayData {
        let values: ArrowValues = switch type {
        case .float64: .float64(Array(repeating: nil, count: count))
        case .float32: .float32(Array(repeating: nil, count: count))
        case .int64: .int64(Array(repeating: nil, count: count))
        case .int32: .int32(Array(repeating: nil, count: count))
        case .bool: .bool(Array(repeating: nil, count: count))
        case .utf8: .utf8(Array(repeating: nil, count: count))
        case .dictionary(let ordered): .dictionary(Array(repeating: nil, count: count), ordered: ordered)
        }
        // Building nulls cannot exceed the string limit.
        return try! ArrowArrayData(values)
    }

    /// Fixed-width values copied into a fresh 64-byte-aligned Arrow buffer.
    static func buffer<T>(_ values: [T]) -> ArrowBuffer {
        let storage = ArrowStorage(allocating: values.count * MemoryLayout<T>.stride)
        values.withUnsafeBytes { source in
            if let base = source.baseAddress { storage.baseAddress.copyMemory(from: base, byteCount: source.count) }
        }
        return ArrowBuffer(storage: storage)
    }

    /// A bit per flag, least significant first, as Arrow packs validity and booleans.
    static func bitmap(_ flags: [Bool]) -> ArrowBuffer {
        let buffer = ArrowBuffer.zeroed((flags.count + 7) / 8)
        let bytes = buffer.storage.baseAddress.assumingMemoryBound(to: UInt8.self)
        for (index, flag) in flags.enumerated() where flag {
            bytes[index >> 3] |= 1 << UInt8(index & 7)
        }
        return buffer
    }

    /// The protocol's name for an Arrow type, as model descriptions write it.
    static func name(_ type: ArrowDataType) -> String {
        switch type {
        case .float64: "float64"
        case .float32: "float32"
        case .int64: "int64"
        case .int32: "int32"
        case .bool: "bool"
        case .utf8: "utf8"
        case .dictionary: "dictionary"
        }
    }
}
