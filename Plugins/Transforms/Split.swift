import SluiceKit

/// Stage `split`: deals the rows of `data` into `train` and `test`.
///
/// - Without `stratify`: `test` gets ceil(test_fraction × rows) rows, as scikit-learn's
///   `train_test_split` (floating-point noise such as 0.7 × 10 = 7.000000000000001 is
///   ignored). With `shuffle` (default) the rows are permuted first with a seeded
///   SplitMix64 Fisher–Yates shuffle and both parts keep the shuffled order; without,
///   `train` is the first rows and `test` the last, in input order.
/// - With `stratify: COLUMN`: each class (distinct value; null is a class of its own)
///   is split on its own, round(test_fraction × class rows) rows to `test`, clamped so
///   that every class of 2 or more rows has at least one row in each part. A class of
///   a single row goes to `train` and a warning names it (failing would stop a
///   pipeline because one rare label showed up). Then each part is shuffled again
///   (or, without `shuffle`, kept in input order).
/// - Either part coming out empty is an error.
///
/// The same seed and input always give the same split, on every platform.
struct Split: Transformer {
    struct Config: Decodable {
        var testFraction: Double?
        var seed: Int64?
        var stratify: String?
        var shuffle: Bool?

        enum CodingKeys: String, CodingKey {
            case testFraction = "test_fraction", seed, stratify, shuffle
        }
    }

    static let id = "split"
    static let summary = "Splits a table into train and test rows: seeded shuffle, optional stratification"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "test_fraction":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1,"default":0.2,
                            "description":"the share of rows that go to test (rounded up)"},
           "seed":{"type":"integer","default":0,"description":"seed of the shuffle: the same seed gives the same split"},
           "stratify":{"type":"string","minLength":1,"description":"a column of classes whose proportions both parts keep"},
           "shuffle":{"type":"boolean","default":true,"description":"shuffle before splitting (false: test is the last rows)"}}}
        """#
    static let inputs = [Port("data", .table, description: "the rows to split")]
    static let outputs = [
        Port("train", .table, description: "the training rows"),
        Port("test", .table, description: "the held-out rows"),
    ]

    let fraction: Double
    let seed: Int64
    let stratify: String?
    let shuffle: Bool
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        fraction = config.testFraction ?? 0.2
        guard fraction > 0, fraction < 1 else {
            throw StageError.invalidConfig("'test_fraction' is \(fraction); give a fraction strictly between 0 and 1, e.g. 0.2")
        }
        seed = config.seed ?? 0
        stratify = config.stratify
        shuffle = config.shuffle ?? true
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let table = try call.inputTable("data")
        guard table.rowCount > 0 else {
            throw StageError.invalidInput("the input table has no rows; split needs at least 2. Check the stage that produced it")
        }
        var random = SplitMix64(seed: seed)
        let (train, test) = if let stratify {
            try stratifiedRows(table, column: try classes(table, stratify), random: &random)
        } else {
            try plainRows(table.rowCount, random: &random)
        }
        guard !test.isEmpty else {
            throw StageError.invalidInput("test_fraction \(fraction) of \(table.rowCount) row(s) leaves the test part empty\(stratify == nil ? "" : " (every class has a single row)"); give more rows or a larger test_fraction")
        }
        guard !train.isEmpty else {
            throw StageError.invalidInput("test_fraction \(fraction) of \(table.rowCount) row(s) leaves the train part empty; give more rows or a smaller test_fraction")
        }
        host.info("train_rows: \(train.count), test_rows: \(test.count)")
        host.metric("train_rows", Double(train.count))
        host.metric("test_rows", Double(test.count))
        try call.output("train", table: table.taking(train))
        try call.output("test", table: table.taking(test))
    }

    /// The number of test rows for `rows` rows: ceil(fraction × rows), ignoring
    /// floating-point noise just above a whole number.
    private func testCount(_ rows: Int) -> Int {
        let exact = fraction * Double(rows)
        let nearest = exact.rounded()
        return abs(exact - nearest) < 1e-9 * max(1, exact) ? Int(nearest) : Int(exact.rounded(.up))
    }

    private func plainRows(_ rows: Int, random: inout SplitMix64) throws -> (train: [Int], test: [Int]) {
        let testRows = testCount(rows)
        var order = Array(0..<rows)
        if shuffle {
            random.shuffle(&order)
            return (Array(order[testRows...]), Array(order[..<testRows]))
        }
        return (Array(order[..<(rows - testRows)]), Array(order[(rows - testRows)...]))
    }

    /// The class of each row: the values of a column of classes, nil for null.
    private func classes(_ table: Table, _ name: String) throws -> [String?] {
        let column = try ColumnLookup.require(name, in: table, field: "stratify")
        guard !column.type.isFloat else {
            throw StageError.invalidInput("'stratify' names \(column.described), but stratifying needs a column of classes (string, categorical, bool or integer): bin it into classes first, or stratify on another column")
        }
        return column.strings()
    }

    private func stratifiedRows(_ table: Table, column labels: [String?], random: inout SplitMix64) throws -> (train: [Int], test: [Int]) {
        var rowsOf: [String?: [Int]] = [:]
        var order: [String?] = []
        for (row, label) in labels.enumerated() {
            if rowsOf[label] == nil { order.append(label) }
            rowsOf[label, default: []].append(row)
        }
        // Classes in a fixed order (sorted, null last) so that the shuffles consume the
        // generator the same way whatever order the rows come in.
        order.sort { a, b in
            switch (a, b) {
            case (nil, _): false
            case (_, nil): true
            case let (a?, b?): a < b
            }
        }
        var train: [Int] = [], test: [Int] = []
        var singles: [String] = []
        var counts: [String] = []
        for label in order {
            var rows = rowsOf[label]!
            let name = label.map { "'\($0)'" } ?? "null"
            guard rows.count > 1 else {
                singles.append(name)
                train += rows
                continue
            }
            let share = Int((fraction * Double(rows.count)).rounded())
            let testRows = min(max(share, 1), rows.count - 1)
            if shuffle {
                random.shuffle(&rows)
                test += rows[..<testRows]
                train += rows[testRows...]
            } else {
                train += rows[..<(rows.count - testRows)]
                test += rows[(rows.count - testRows)...]
            }
            counts.append("\(name): \(rows.count - testRows)/\(testRows)")
        }
        if !singles.isEmpty {
            let shown = singles.prefix(10).joined(separator: ", ") + (singles.count > 10 ? " and \(singles.count - 10) more" : "")
            host.warning("stratify '\(stratify!)': \(singles.count) class(es) have a single row and go to train only (test has none of them): \(shown)")
        }
        host.info("stratified on '\(stratify!)' (train/test rows per class): \(counts.joined(separator: ", "))")
        if shuffle {
            random.shuffle(&train)
            random.shuffle(&test)
        } else {
            train.sort()
            test.sort()
        }
        return (train, test)
    }
}
