/// What `sluice data show` prints about a table: per column, its type, nulls and
/// either numeric statistics or the number of distinct values.
package struct ColumnSummary: Sendable, Equatable {
    package let name: String
    package let type: ArrowDataType
    package let nulls: Int
    package let minimum: Double?
    package let maximum: Double?
    package let mean: Double?
    package let distinct: Int?
}

extension ArrowTable {
    /// Statistics of every column, computed in one pass each.
    package func summary() -> [ColumnSummary] {
        schema.fields.map { field in
            let values = self.values(field.name) ?? .empty(field.type)
            var numbers: [Double] = []
            var texts: [String?] = []
            switch values {
            case .float64(let list): numbers = list.compactMap { $0 }.filter { !$0.isNaN }
            case .float32(let list): numbers = list.compactMap { $0 }.map(Double.init).filter { !$0.isNaN }
            case .int64(let list): numbers = list.compactMap { $0 }.map(Double.init)
            case .int32(let list): numbers = list.compactMap { $0 }.map(Double.init)
            case .bool(let list): numbers = list.compactMap { $0 }.map { $0 ? 1 : 0 }
            case .utf8(let list): texts = list
            case .dictionary(let list, _): texts = list
            }
            let nulls = values.count - (field.type == .utf8 || field.type.isDictionary ? texts.compactMap { $0 }.count : countNonNull(values))
            if field.type == .utf8 || field.type.isDictionary {
                return ColumnSummary(name: field.name, type: field.type, nulls: nulls, minimum: nil, maximum: nil, mean: nil,
                                     distinct: Set(texts.compactMap { $0 }).count)
            }
            return ColumnSummary(
                name: field.name, type: field.type, nulls: nulls, minimum: numbers.min(), maximum: numbers.max(),
                mean: numbers.isEmpty ? nil : numbers.reduce(0, +) / Double(numbers.count), distinct: nil
            )
        }
    }

    private func countNonNull(_ values: ArrowValues) -> Int {
        switch values {
        case .float64(let list): list.compactMap { $0 }.count
        case .float32(let list): list.compactMap { $0 }.count
        case .int64(let list): list.compactMap { $0 }.count
        case .int32(let list): list.compactMap { $0 }.count
        case .bool(let list): list.compactMap { $0 }.count
        case .utf8(let list): list.compactMap { $0 }.count
        case .dictionary(let list, _): list.compactMap { $0 }.count
        }
    }

    /// Row `index` as display text, column by column ("null" for nulls).
    package func rowText(_ index: Int) -> [String] {
        schema.fields.map { field in
            guard let values = self.values(field.name), index < values.count else { return "" }
            switch values {
            case .float64(let list): return list[index].map { "\($0)" } ?? "null"
            case .float32(let list): return list[index].map { "\($0)" } ?? "null"
            case .int64(let list): return list[index].map { "\($0)" } ?? "null"
            case .int32(let list): return list[index].map { "\($0)" } ?? "null"
            case .bool(let list): return list[index].map { "\($0)" } ?? "null"
            case .utf8(let list): return list[index] ?? "null"
            case .dictionary(let list, _): return list[index] ?? "null"
            }
        }
    }
}

extension ArrowDataType {
    package var isDictionary: Bool {
        if case .dictionary = self { return true }
        return false
    }
}
