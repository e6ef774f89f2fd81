import SluiceKit
import SluiceONNX

/// Table columns laid out as one row-major tensor: column j of row i at i * k + j.
/// Numeric nulls become NaN (the graph's own imputer replaces them, as in training);
/// integer, bool and string inputs have no NaN, so a null there is an error.
enum TensorFromColumns {
    static func tensor(element: ElementType, shape: [Int], columns: [Column], input: String) throws -> Tensor {
        let rows = columns.first?.count ?? 0
        let k = columns.count
        switch element {
        case .float:
            var values = [Float](repeating: 0, count: rows * k)
            try values.withUnsafeMutableBufferPointer { out in
                for (j, column) in columns.enumerated() {
                    try numbers(column, input: input, expected: "float numbers") { i, x in out[i * k + j] = Float(x) }
                }
            }
            return Tensor(shape: shape, floats: values)
        case .double:
            var values = [Double](repeating: 0, count: rows * k)
            try values.withUnsafeMutableBufferPointer { out in
                for (j, column) in columns.enumerated() {
                    try numbers(column, input: input, expected: "double numbers") { i, x in out[i * k + j] = x }
                }
            }
            return Tensor(shape: shape, doubles: values)
        case .string:
            var values = [String](repeating: "", count: rows * k)
            for (j, column) in columns.enumerated() {
                guard column.type == .string || column.type == .categorical else {
                    throw mismatch(column, input: input, expected: "strings", hint: "convert the column to text as in training")
                }
                for i in 0..<rows {
                    guard let text = column.string(at: i) else { throw null(column, row: i, input: input) }
                    values[i * k + j] = text
                }
            }
            return Tensor(shape: shape, strings: values)
        case .bool:
            var values = [Bool](repeating: false, count: rows * k)
            for (j, column) in columns.enumerated() {
                guard column.type == .bool else { throw mismatch(column, input: input, expected: "booleans", hint: "give true/false values") }
                for i in 0..<rows {
                    guard let flag = column.bool(at: i) else { throw null(column, row: i, input: input) }
                    values[i * k + j] = flag
                }
            }
            return Tensor(shape: shape, bools: values)
        default:
            var values = [Int64](repeating: 0, count: rows * k)
            for (j, column) in columns.enumerated() {
                guard column.type.isNumeric else { throw mismatch(column, input: input, expected: "integers", hint: "give whole numbers") }
                for i in 0..<rows {
                    if let whole = column.int64(at: i) {
                        values[i * k + j] = whole
                    } else if let x = column.double(at: i), let whole = Int64(exactly: x) {
                        values[i * k + j] = whole
                    } else if column.isNull(i) {
                        throw null(column, row: i, input: input)
                    } else {
                        throw StageError.invalidInput("column '\(column.name)' holds \(column.double(at: i).map { "\($0)" } ?? "?") at row \(i), but the ONNX model's input '\(input)' takes integers")
                    }
                }
            }
            return Tensor(shape: shape, int64s: values)
        }
    }

    /// Calls `store(row, value)` for each row of a numeric column, NaN for nulls; float64
    /// columns are read in place.
    private static func numbers(_ column: Column, input: String, expected: String, _ store: (Int, Double) -> Void) throws {
        guard column.type.isNumeric else {
            throw mismatch(column, input: input, expected: expected, hint: "encode it as in training, or export the model with its encoder (skl2onnx converts OneHotEncoder too) so that it takes the raw text")
        }
        if column.type == .float64 {
            try column.withDoubles { values in
                for i in 0..<values.count { store(i, values[i]) }
            }
            if column.nullCount > 0 {
                for i in 0..<column.count where column.isNull(i) { store(i, .nan) }
            }
            return
        }
        for i in 0..<column.count { store(i, column.double(at: i) ?? .nan) }
    }

    private static func mismatch(_ column: Column, input: String, expected: String, hint: String) -> StageError {
        StageError.invalidInput("column '\(column.name)' is \(column.type.rawValue), but the ONNX model's input '\(input)' takes \(expected): \(hint)")
    }

    private static func null(_ column: Column, row: Int, input: String) -> StageError {
        StageError.invalidInput("column '\(column.name)' is null at row \(row), and the ONNX model's input '\(input)' has no missing-value marker for its type: fill the column before predicting")
    }
}
