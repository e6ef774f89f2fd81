import SluiceArrow
import SluiceSupport


/// Writes JSON text into a byte array: responses and prediction-log lines, built from
/// Arrow columns without an intermediate tree.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func byte(_ ascii: Unicode.Scalar) { bytes.append(UInt8(ascii: ascii)) }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for unit in text.utf8 {
            switch unit {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hex[Int(unit >> 4)])
                bytes.append(Self.hex[Int(unit & 15)])
            default: bytes.append(unit)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A key and its colon.
    mutating func key(_ name: String) {
        string(name)
        byte(":")
    }

    /// NaN and infinities have no JSON form: null.
    mutating func number(_ value: Double) {
        guard value.isFinite else { return raw("null") }
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func number(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    mutating func number(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Writes `values` separated by commas, `body` writing each.
    mutating func list<S: Sequence>(_ values: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        byte("[")
        var first = true
        for value in values {
            if !first { byte(",") }
            first = false
            body(&self, value)
        }
        byte("]")
    }

    /// Every value of the column `index` of `table`, as a JSON list.
    mutating func column(_ table: ArrowTable, _ index: Int) {
        byte("[")
        var first = true
        for batch in table.batches {
            let array = batch.columns[index]
            if array.type == .float64 && array.nullCount == 0 {
                // The common case, read in place.
                array.values.withValues(as: Double.self, count: array.length) { values in
                    for value in values {
                        if !first { byte(",") }
                        first = false
                        number(value)
                    }
                }
                continue
            }
            for row in 0..<array.length {
                if !first { byte(",") }
                first = false
                value(array, row)
            }
        }
        byte("]")
    }

    /// One slot of `array`.
    mutating func value(_ array: ArrowArrayData, _ row: Int) {
        guard array.isValid(row) else { return raw("null") }
        switch array.type {
        case .float64: number(array.values.withValues(as: Double.self, count: array.length) { $0[row] })
        case .float32: number(Double(array.values.withValues(as: Float.self, count: array.length) { $0[row] }))
        case .int64: number(array.values.withValues(as: Int64.self, count: array.length) { $0[row] })
        case .int32: number(Int64(array.values.withValues(as: Int32.self, count: array.length) { $0[row] }))
        case .bool: bool(array.values.withUnsafeBytes { $0[row >> 3] & (1 << UInt8(row & 7)) != 0 })
        case .utf8: string(array.string(at: row))
        case .dictionary:
            let index = Int(array.values.withValues(as: Int32.self, count: array.length) { $0[row] })
            if let categories = array.dictionary, categories.isValid(index) { string(categories.string(at: index)) } else { raw("null") }
        }
    }
}
