import SluiceKit

/// Which of a file's columns become the table, in what order and with what plan, from
/// `columns`, `drop` and `types`; every name they give must be a column of the file.
struct ColumnSelection {
    /// A plan for each column of the file, in file order.
    let plans: [ColumnPlan]
    /// The file columns to output, in output order.
    let output: [Int]

    init(names: [String], options: LoadOptions) throws {
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func check(_ name: String, _ key: String) throws -> Int {
            guard let position = index[name] else {
                throw StageError.invalidConfig(
                    "`\(key)` names '\(name)', which is not a column of \(options.shownPath)\(suggestion(name, names)). "
                        + "The columns are: \(listing(names))")
            }
            return position
        }
        var output: [Int]
        if let kept = options.columns {
            output = try kept.map { try check($0, "columns") }
        } else {
            output = Array(names.indices)
        }
        let dropped = Set(try options.drop.map { try check($0, "drop") })
        output.removeAll(where: dropped.contains)
        var plans = [ColumnPlan](repeating: .skip, count: names.count)
        for position in output { plans[position] = .infer(asString: false) }
        for (name, type) in options.types.sorted(by: { $0.key < $1.key }) {
            let position = try check(name, "types")
            if plans[position] != .skip { plans[position] = .declared(type) }
        }
        if let target = options.target {
            guard let position = index[target] else {
                throw StageError.invalidConfig(
                    "the target '\(target)' is not a column of \(options.shownPath)\(suggestion(target, names)). The columns are: \(listing(names))")
            }
            guard plans[position] != .skip else {
                throw StageError.invalidConfig("the target '\(target)' is not among the columns kept by `columns` / `drop`; keep it")
            }
        }
        self.plans = plans
        self.output = output
    }
}

/// Column names for a message: all of them up to 30, then how many more.
func listing(_ names: [String]) -> String {
    guard !names.isEmpty else { return "(none)" }
    let shown = names.prefix(30).joined(separator: ", ")
    return names.count > 30 ? shown + ", … (\(names.count) in all)" : shown
}

/// " (did you mean 'x'?)" when a name is close to `name`, else "".
func suggestion(_ name: String, _ names: [String]) -> String {
    let target = Array(name.lowercased().unicodeScalars)
    var best: (String, Int)?
    for candidate in names {
        let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
        if distance <= max(1, target.count / 3), distance < best?.1 ?? Int.max { best = (candidate, distance) }
    }
    return best.map { " (did you mean '\($0.0)'?)" } ?? ""
}

private func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
