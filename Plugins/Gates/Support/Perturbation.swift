import SluiceKit

/// A change made to one column of the test table, to see whether the model's
/// predictions move: `{add: 0.1}`, `{multiply: 1.05}`, `{set: value}` (every row) or,
/// for text columns, `{replace: {from: to}}`. Nulls stay null, except under `set`.
enum Perturbation: CustomStringConvertible {
    case add(Double)
    case multiply(Double)
    case set(ScalarValue)
    case replace([String: String])

    /// The config's form: exactly one of the keys.
    struct Config: Decodable {
        var add: Double?
        var multiply: Double?
        var set: ScalarValue?
        var replace: [String: String]?
    }

    init(_ config: Config) throws {
        var chosen: [Perturbation] = []
        if let x = config.add { chosen.append(.add(x)) }
        if let x = config.multiply { chosen.append(.multiply(x)) }
        if let x = config.set { chosen.append(.set(x)) }
        if let x = config.replace { chosen.append(.replace(x)) }
        guard chosen.count == 1 else {
            throw StageError.invalidConfig("'perturbation' needs exactly one of add, multiply, set or replace (found \(chosen.count)), e.g. {add: 0.1}, {multiply: 1.05}, {set: 0} or {replace: {red: blue}}")
        }
        if case .replace(let map) = chosen[0], map.isEmpty {
            throw StageError.invalidConfig("'perturbation.replace' is empty: map at least one value to another, e.g. {replace: {red: blue}}")
        }
        self = chosen[0]
    }

    var description: String {
        switch self {
        case .add(let x): "add \(ScalarValue.number(x))"
        case .multiply(let x): "multiply by \(ScalarValue.number(x))"
        case .set(let value): "set to \(value)"
        case .replace(let map): "replace " + map.sorted { $0.key < $1.key }.map { "\"\($0.key)\" with \"\($0.value)\"" }.joined(separator: ", ")
        }
    }

    /// The perturbed column and how many of its values changed.
    func apply(to column: Column) throws -> (column: Column, changed: Int) {
        let perturbed: Column
        switch self {
        case .add(let x): perturbed = try numeric(column) { $0 + x }
        case .multiply(let x): perturbed = try numeric(column) { $0 * x }
        case .set(let value): perturbed = try set(column, to: value)
        case .replace(let map): perturbed = try replace(column, map)
        }
        let before = column.strings(), after = perturbed.strings()
        return (perturbed, zip(before, after).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) })
    }

    private func numeric(_ column: Column, _ change: (Double) -> Double) throws -> Column {
        guard column.type.isNumeric, column.type != .bool else {
            throw StageError.invalidConfig("the perturbation (\(self)) does not fit column '\(column.name)': it is \(column.type.rawValue), and add and multiply need a number column; use {set: value} or {replace: {from: to}}")
        }
        let values = (0..<column.count).map { column.double(at: $0).map(change) }
        return Self.numberColumn(column, values)
    }

    private func set(_ column: Column, to value: ScalarValue) throws -> Column {
        let rows = column.count
        switch (value, column.type) {
        case (.bool(let flag), .bool):
            return Column(column.name, bools: [Bool?](repeating: flag, count: rows))
        case (.number(let x), let type) where type.isNumeric && type != .bool:
            return Self.numberColumn(column, [Double?](repeating: x, count: rows))
        case (.string(let text), .string):
            return Column(column.name, strings: [String?](repeating: text, count: rows))
        case (.string(let text), .categorical):
            return Column(column.name, categories: [String?](repeating: text, count: rows))
        default:
            throw StageError.invalidConfig("the perturbation (\(self)) does not fit column '\(column.name)', which is \(column.type.rawValue): give a value of the column's type")
        }
    }

    private func replace(_ column: Column, _ map: [String: String]) throws -> Column {
        guard column.type == .string || column.type == .categorical else {
            throw StageError.invalidConfig("the perturbation (\(self)) does not fit column '\(column.name)': it is \(column.type.rawValue), and replace works on text columns; use {add: x}, {multiply: x} or {set: x}")
        }
        let values = (0..<column.count).map { row in column.string(at: row).map { map[$0] ?? $0 } }
        return column.type == .categorical ? Column(column.name, categories: values) : Column(column.name, strings: values)
    }

    /// Integer columns stay integers when every result is whole, so a model that
    /// reads an int64 feature still accepts them; otherwise the column becomes float64.
    private static func numberColumn(_ original: Column, _ values: [Double?]) -> Column {
        let whole = values.allSatisfy { $0.map { $0 == $0.rounded() && abs($0) < 9e15 } ?? true }
        switch original.type {
        case .int64 where whole: return Column(original.name, int64s: values.map { $0.map { Int64($0) } })
        case .int32 where whole && values.allSatisfy({ $0.map { abs($0) <= Double(Int32.max) } ?? true }):
            return Column(original.name, int32s: values.map { $0.map { Int32($0) } })
        default: return Column(original.name, doubles: values)
        }
    }
}
