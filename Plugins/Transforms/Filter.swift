import SluiceKit

/// Stage `filter`: keeps the rows where every condition of `where` holds (AND).
///
/// A condition is `{column, op, value}` with `op` one of `==`, `!=`, `<`, `<=`, `>`,
/// `>=` (a scalar value), `in`, `not_in` (a list), `is_null`, `not_null` (no value).
/// Comparisons are typed: a float or integer column takes numbers (an integer
/// column compares exactly with whole numbers), a string or categorical column takes
/// strings (ordered as Swift orders strings: by Unicode scalar values after
/// normalisation, the same on every platform), a bool column takes true/false with
/// `==`, `!=`, `in`, `not_in`. Any other pairing is a config error naming the
/// column. A null never matches a comparison, `!=` and `not_in` included; only
/// `is_null` matches it. NaN in a float column compares as IEEE 754 says (only `!=`
/// holds).
struct Filter: Transformer {
    enum Op: String, Decodable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case isIn = "in", notIn = "not_in", isNull = "is_null", notNull = "not_null"

        var isOrdering: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
        var takesList: Bool { self == .isIn || self == .notIn }
        var takesNoValue: Bool { self == .isNull || self == .notNull }
    }

    enum Value: Decodable {
        case scalar(ScalarValue)
        case list([ScalarValue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([ScalarValue].self) {
                self = .list(list)
            } else {
                self = .scalar(try container.decode(ScalarValue.self))
            }
        }

        var items: [ScalarValue] {
            switch self {
            case .scalar(let value): [value]
            case .list(let values): values
            }
        }
    }

    struct Condition: Decodable {
        var column: String
        var op: Op
        var value: Value?
    }

    struct Config: Decodable {
        var `where`: [Condition]
    }

    static let id = "filter"
    static let summary = "Keeps the rows where every condition holds"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,"required":["where"],
         "properties":{
           "where":{"type":"array","minItems":1,"description":"conditions that must all hold",
                    "items":{"type":"object","additionalProperties":false,"required":["column","op"],
                             "properties":{
                               "column":{"type":"string","minLength":1},
                               "op":{"enum":["==","!=","<","<=",">",">=","in","not_in","is_null","not_null"]},
                               "value":{"type":["number","string","boolean","array"],"minItems":1,
                                        "items":{"type":["number","string","boolean"]},
                                        "description":"a number, string or boolean; a list for in and not_in; none for is_null and not_null"}}}}}}
        """#
    static let inputs = [Port("data", .table, description: "the rows to filter")]
    static let outputs = [Port("data", .table, description: "the rows where every condition holds")]

    let conditions: [Condition]
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        for (index, condition) in config.where.enumerated() {
            let place = "condition \(index + 1) of 'where' (column '\(condition.column)', op '\(condition.op.rawValue)')"
            switch (condition.op, condition.value) {
            case (let op, nil) where !op.takesNoValue:
                throw StageError.invalidConfig("\(place) needs a 'value'\(op.takesList ? ": a list of values" : "")")
            case (let op, .some) where op.takesNoValue:
                throw StageError.invalidConfig("\(place) takes no 'value'; remove it")
            case (let op, .scalar?) where op.takesList:
                throw StageError.invalidConfig("\(place) needs a list as 'value', e.g. [\"a\", \"b\"]")
            case (let op, .list?) where !op.takesList:
                throw StageError.invalidConfig("\(place) needs a single value, not a list; use op 'in' to match any of several")
            default:
                break
            }
        }
        conditions = config.where
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let table = try call.inputTable("data")
        let tests = try conditions.enumerated().map { try predicate($0.element, number: $0.offset + 1, table: table) }
        let kept = (0..<table.rowCount).filter { row in tests.allSatisfy { $0(row) } }
        let dropped = table.rowCount - kept.count
        host.info("kept \(kept.count) of \(table.rowCount) row(s), dropped \(dropped)")
        host.metric("rows_kept", Double(kept.count))
        host.metric("rows_dropped", Double(dropped))
        if kept.isEmpty, table.rowCount > 0 { host.warning("no row matches every condition: the output table is empty") }
        try call.output("data", table: dropped == 0 ? table : table.taking(kept))
    }

    /// The test of one condition on a row of `table`.
    private func predicate(_ condition: Condition, number: Int, table: Table) throws -> (Int) -> Bool {
        let column = try ColumnLookup.require(condition.column, in: table, field: "where[\(number - 1)].column")
        let op = condition.op
        switch op {
        case .isNull: return { column.isNull($0) }
        case .notNull: return { !column.isNull($0) }
        default: break
        }
        let items = condition.value!.items
        func mismatch(_ item: ScalarValue, _ wanted: String) -> StageError {
            StageError.invalidConfig("condition \(number) of 'where' compares \(column.described) with \(item), which is \(item.kindName); \(wanted)")
        }

        if column.type.isNumber {
            for item in items where item.double == nil {
                throw mismatch(item, "compare it with a number (without quotes)")
            }
            if column.type.isInteger, items.allSatisfy({ $0.int64 != nil }) {
                let values = items.map { $0.int64! }
                return { row in column.int64(at: row).map { Self.holds(op, $0, values) } ?? false }
            }
            let values = items.map { $0.double! }
            return { row in column.double(at: row).map { Self.holds(op, $0, values) } ?? false }
        }
        if column.type.isText {
            let values = try items.map { item -> String in
                guard case .string(let text) = item else { throw mismatch(item, "compare it with a string (in quotes)") }
                return text
            }
            if column.type == .categorical {
                // Decide each category once.
                let matches = column.categories.map { Self.holds(op, $0, values) }
                return { row in column.code(at: row).map { matches[Int($0)] } ?? false }
            }
            return { row in column.string(at: row).map { Self.holds(op, $0, values) } ?? false }
        }
        // bool
        if op.isOrdering {
            throw StageError.invalidConfig("condition \(number) of 'where' uses '\(op.rawValue)' on \(column.described); a bool column takes ==, !=, in or not_in")
        }
        let values = try items.map { item -> Bool in
            guard case .bool(let flag) = item else { throw mismatch(item, "compare it with true or false") }
            return flag
        }
        return { row in column.bool(at: row).map { Self.holds(op, $0 ? 1 : 0, values.map { $0 ? 1 : 0 }) } ?? false }
    }

    /// Whether `value op values` holds (a scalar op reads `values[0]`).
    private static func holds<T: Comparable>(_ op: Op, _ value: T, _ values: [T]) -> Bool {
        switch op {
        case .equal: value == values[0]
        case .notEqual: value != values[0]
        case .less: value < values[0]
        case .lessOrEqual: value <= values[0]
        case .greater: value > values[0]
        case .greaterOrEqual: value >= values[0]
        case .isIn: values.contains(value)
        case .notIn: !values.contains(value)
        case .isNull, .notNull: false
        }
    }
}
