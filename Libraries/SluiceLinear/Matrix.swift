/// A dense matrix of `Double`, stored **column-major**: the values of column `j` are
/// `values[j * rows ..< (j + 1) * rows]`.
///
/// Column-major because the data arrives as columns (an Arrow table is one buffer per
/// column, so a design matrix is those buffers one after another), and because every
/// kernel here walks a column over a block of rows. A matrix may have zero rows or zero
/// columns; whether that is acceptable is the fitting code's business.
public struct Matrix: Sendable, Equatable, Hashable, Codable {
    public let rows: Int
    public let columns: Int
    /// Column-major values, `rows * columns` of them.
    public private(set) var values: [Double]

    /// A matrix from column-major values. Throws when the count is not `rows * columns`.
    public init(rows: Int, columns: Int, columnMajor values: [Double]) throws(LinearModelError) {
        guard rows >= 0, columns >= 0 else {
            throw .dimensionMismatch("a matrix cannot have \(rows) rows and \(columns) columns")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count == values.count else {
            throw .dimensionMismatch("a \(rows) x \(columns) matrix needs \(overflow ? "more" : String(count)) values, got \(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix size")
        self.rows = rows
        self.columns = columns
        self.values = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix from its rows (`rows[i][j]` is row i, column j). All rows must have the
    /// same length; `columns` gives the width when there are no rows.
    public init(rows: [[Double]], columns: Int? = nil) throws(LinearModelError) {
        let width = rows.first?.count ?? columns ?? 0
        if let columns, columns != width {
            throw .dimensionMismatch("expected \(columns) columns, the first row has \(width)")
        }
        var values = [Double](repeating: 0, count: rows.count * width)
        for (i, row) in rows.enumerated() {
            guard row.count == width else {
                throw .dimensionMismatch("row \(i) has \(row.count) values, row 0 has \(width)")
            }
            for j in 0..<width { values[j * rows.count + i] = row[j] }
        }
        self.rows = rows.count
        self.columns = width
        self.values = values
    }

    /// A matrix from its columns (`columns[j][i]` is row i, column j). All columns must
    /// have the same length; `rows` gives the height when there are no columns.
    public init(columns: [[Double]], rows: Int? = nil) throws(LinearModelError) {
        let height = columns.first?.count ?? rows ?? 0
        if let rows, rows != height {
            throw .dimensionMismatch("expected \(rows) rows, the first column has \(height)")
        }
        var values: [Double] = []
        values.reserveCapacity(columns.count * height)
        for (j, column) in columns.enumerated() {
            guard column.count == height else {
                throw .dimensionMismatch("column \(j) has \(column.count) values, column 0 has \(height)")
            }
            values.append(contentsOf: column)
        }
        self.rows = height
        self.columns = columns.count
        self.values = values
    }

    /// The value at `row`, `column`. Out-of-range indices are a programming error and trap,
    /// as with `Array`.
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "matrix index out of range")
            return values[column * rows + row]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "matrix index out of range")
            values[column * rows + row] = newValue
        }
    }

    /// The values of one column.
    public func column(_ j: Int) -> ArraySlice<Double> {
        precondition(j >= 0 && j < columns, "column index out of range")
        return values[j * rows ..< (j + 1) * rows]
    }

    /// The values of one row (a copy).
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "row index out of range")
        return (0..<columns).map { values[$0 * rows + i] }
    }

    /// The rows as arrays (for small matrices: results, tests).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.values[i * columns + j] = values[j * rows + i] }
        }
        return result
    }

    private enum CodingKeys: String, CodingKey { case rows, columns, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let values = try container.decode([Double].self, forKey: .values)
        try self.init(rows: rows, columns: columns, columnMajor: values)
    }

    /// Calls `body` with the column-major values.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer(body)
    }
}
