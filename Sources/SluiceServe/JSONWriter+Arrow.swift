import SluiceArrow
import SluiceJSON

/// Responses and prediction-log lines are written from Arrow columns in place, value
/// by value, without an intermediate tree.
extension JSONWriter {
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
