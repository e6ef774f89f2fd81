import SluiceDrift
import SluiceKit

/// One column's values, ready for the statistics: sorted numbers or category counts,
/// and how many values were missing (null, or NaN in a float column).
enum ColumnSample {
    case numeric(SortedSample, missing: Int)
    case categorical(CategoryCounts, missing: Int)

    var missing: Int {
        switch self {
        case .numeric(_, let missing), .categorical(_, let missing): missing
        }
    }

    var present: Int {
        switch self {
        case .numeric(let sample, _): sample.count
        case .categorical(let counts, _): counts.total
        }
    }

    static func numeric(_ column: Column) -> ColumnSample {
        let values: [Double]
        if column.type == .float64, column.nullCount == 0, let all = try? column.withDoubles(Array.init) {
            values = all  // one copy, no per-value checks
        } else {
            values = (0..<column.count).compactMap { column.double(at: $0) }
        }
        let sample = SortedSample(values)  // leaves NaN out
        return .numeric(sample, missing: column.count - sample.count)
    }

    static func categorical(_ column: Column) -> ColumnSample {
        var counts = CategoryCounts()
        switch column.type {
        case .categorical:
            // Count codes first: one dictionary lookup per category, not per row.
            let categories = column.categories
            var perCode = [Int](repeating: 0, count: categories.count)
            for row in 0..<column.count {
                if let code = column.code(at: row), code >= 0, Int(code) < perCode.count { perCode[Int(code)] += 1 }
            }
            // Categories in order of first appearance, as for the other types.
            var order: [Int] = []
            var seen = [Bool](repeating: false, count: categories.count)
            for row in 0..<column.count {
                guard let code = column.code(at: row).map(Int.init), code >= 0, code < seen.count, !seen[code] else { continue }
                seen[code] = true
                order.append(code)
                if order.count == categories.count { break }
            }
            for code in order { counts.add(categories[code], count: perCode[code]) }
        default:
            for value in column.strings() {
                if let value { counts.add(value) }
            }
        }
        return .categorical(counts, missing: column.count - counts.total)
    }
}
