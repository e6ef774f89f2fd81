import SluiceKit

/// Which columns the stage compares, and how: decided from the two schemas and the
/// config before any statistic runs, so that every schema problem is reported at once.
struct FeaturePlan {
    enum Kind: String { case numeric, categorical }

    struct Feature {
        let name: String
        let kind: Kind
        let reference: Column
        let current: Column
    }

    let features: [Feature]
    /// Columns of one table only, left out of the comparison (only when `columns` is not given).
    let onlyInReference: [String]
    let onlyInCurrent: [String]
    /// Names in `exclude` or `categorical` that neither table has.
    let unknownNames: [String]

    init(reference: Table, current: Table, config: DriftConfig) throws {
        let referenceNames = Set(reference.columnNames), currentNames = Set(current.columnNames)
        let excluded = Set(config.exclude)
        let names: [String]
        if let chosen = config.columns {
            let missingInReference = chosen.filter { !referenceNames.contains($0) }
            let missingInCurrent = chosen.filter { !currentNames.contains($0) }
            guard missingInReference.isEmpty, missingInCurrent.isEmpty else {
                var problems: [String] = []
                if !missingInReference.isEmpty {
                    problems.append("missing in reference: \(Self.list(missingInReference)) (reference has: \(Self.list(reference.columnNames)))")
                }
                if !missingInCurrent.isEmpty {
                    problems.append("missing in current: \(Self.list(missingInCurrent)) (current has: \(Self.list(current.columnNames)))")
                }
                throw StageError.invalidInput("the reference and current tables differ from 'columns': \(problems.joined(separator: "; ")). Fix the names in 'columns', or the stage that produces the table")
            }
            names = chosen
            onlyInReference = []
            onlyInCurrent = []
        } else {
            names = reference.columnNames.filter { currentNames.contains($0) && !excluded.contains($0) }
            onlyInReference = reference.columnNames.filter { !currentNames.contains($0) && !excluded.contains($0) }
            onlyInCurrent = current.columnNames.filter { !referenceNames.contains($0) && !excluded.contains($0) }
            guard !names.isEmpty else {
                throw StageError.invalidInput("the reference and current tables share no column to compare (reference has: \(Self.list(reference.columnNames)); current has: \(Self.list(current.columnNames))\(excluded.isEmpty ? "" : "; excluded: \(Self.list(config.exclude))")). Check that both inputs are the same kind of table")
            }
        }
        let forcedCategorical = Set(config.categorical ?? [])
        unknownNames = (config.exclude + (config.categorical ?? [])).filter { !referenceNames.contains($0) && !currentNames.contains($0) }

        var features: [Feature] = []
        var mismatches: [String] = []
        for name in names {
            let left = try reference.column(name), right = try current.column(name)
            // Text and bool columns can only be categorical; 'categorical' adds number columns.
            let kind: Kind = forcedCategorical.contains(name) || Self.isCategorical(left.type) ? .categorical : .numeric
            if let problem = Self.mismatch(kind, left, right) {
                mismatches.append(problem)
            } else {
                features.append(Feature(name: name, kind: kind, reference: left, current: right))
            }
        }
        guard mismatches.isEmpty else {
            throw StageError.invalidInput("the reference and current tables differ in type: \(mismatches.joined(separator: "; ")). Convert one side, leave the column out with 'exclude', or list it in 'categorical' to compare values as text")
        }
        self.features = features
    }

    /// utf8, dictionary and bool columns are categorical unless the config says otherwise.
    static func isCategorical(_ type: ColumnType) -> Bool {
        type == .string || type == .categorical || type == .bool
    }

    static func isNumber(_ type: ColumnType) -> Bool {
        type == .float64 || type == .float32 || type == .int64 || type == .int32
    }

    /// Why the two columns cannot be compared as `kind`, or nil when they can. Numbers of
    /// any width compare with numbers; text (utf8 or dictionary) with text; bool with bool.
    /// A column listed in 'categorical' compares its values as text, whatever the types.
    private static func mismatch(_ kind: Kind, _ reference: Column, _ current: Column) -> String? {
        let describe = "'\(reference.name)' is \(reference.type.rawValue) in reference but \(current.type.rawValue) in current"
        switch kind {
        case .numeric:
            return isNumber(reference.type) && isNumber(current.type) ? nil : describe
        case .categorical:
            if reference.type == current.type { return nil }
            let text: Set<ColumnType> = [.string, .categorical]
            if text.contains(reference.type) && text.contains(current.type) { return nil }
            if isNumber(reference.type) || isNumber(current.type) {
                // Listed in 'categorical' on purpose: numbers compare as their text.
                return isNumber(reference.type) && isNumber(current.type) ? nil : describe
            }
            return describe
        }
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.map { "'\($0)'" }.joined(separator: ", ")
    }
}
