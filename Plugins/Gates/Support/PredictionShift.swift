import SluiceKit
import SluiceMetrics

/// How predictions moved between the original and the perturbed table, row by row.
struct PredictionShift {
    /// The row that moved most: its change, and its prediction before and after
    /// (for classifiers, the probability of the class that moved most).
    struct Worst {
        let row: Int
        let change: Double
        let before: Double
        let after: Double
        /// The class whose probability moved most (classifiers).
        let label: String?
    }

    /// Per row: the absolute change of the prediction, or the largest absolute change
    /// of a class probability.
    let changes: [Double]
    let worst: Worst?
    let isClassification: Bool
    /// Rows whose predicted label changed (classifiers).
    let flipped: Int

    var flippedShare: Double { changes.isEmpty ? 0 : Double(flipped) / Double(changes.count) }

    init(before: Predictions, after: Predictions, classes: [String]) {
        var changes: [Double] = []
        var worst: Worst?
        var flipped = 0
        func consider(_ row: Int, _ change: Double, _ b: Double, _ a: Double, _ label: String?) {
            // NaN counts as the largest change: a prediction that became NaN moved.
            let change = change.isNaN ? .infinity : change
            if change > (worst?.change ?? 0) { worst = Worst(row: row, change: change, before: b, after: a, label: label) }
        }
        switch (before, after) {
        case (.regression(let b), .regression(let a)):
            for row in b.indices {
                let change = abs(a[row] - b[row])
                changes.append(change.isNaN ? .infinity : change)
                consider(row, change, b[row], a[row], nil)
            }
            isClassification = false
        case (.classification(let bl, let bp), .classification(let al, let ap)):
            for row in bl.indices {
                if bl[row] != al[row] { flipped += 1 }
                guard let bp, let ap else { changes.append(0); continue }
                var rowWorst = 0.0, worstClass = 0
                for c in 0..<bp.classCount where abs(ap[row, c] - bp[row, c]) > rowWorst {
                    rowWorst = abs(ap[row, c] - bp[row, c])
                    worstClass = c
                }
                changes.append(rowWorst)
                consider(row, rowWorst, bp[row, worstClass], ap[row, worstClass], classes.indices.contains(worstClass) ? classes[worstClass] : nil)
            }
            isClassification = true
        default:
            isClassification = false
        }
        self.changes = changes
        self.worst = worst
        self.flipped = flipped
    }
}

/// Whether a shift stays within the tolerances, and how to say so.
struct InvarianceVerdict {
    let shift: PredictionShift
    let tolerance: Double
    let maxFlipped: Double

    var violations: Int { shift.changes.reduce(0) { $0 + ($1 > tolerance ? 1 : 0) } }
    var flipsPass: Bool { !shift.isClassification || shift.flippedShare <= maxFlipped }
    var passed: Bool { violations == 0 && flipsPass }

    var sentence: String {
        let f = GateOutcome.format
        let what = shift.isClassification ? "a class probability" : "the prediction"
        var parts: [String] = []
        if violations == 0 {
            parts.append("moved \(what) of no row by more than \(f(tolerance)) (largest change \(f(shift.worst?.change ?? 0)))")
        } else if let worst = shift.worst {
            let label = worst.label.map { " (probability of '\($0)')" } ?? ""
            parts.append("moved \(what) of \(violations) of \(shift.changes.count) rows by more than the tolerance \(f(tolerance)); the worst, row \(worst.row), moved\(label) from \(f(worst.before)) to \(f(worst.after)) (change \(f(worst.change)))")
        }
        if shift.isClassification {
            let share = "\(shift.flipped) of \(shift.changes.count) rows (\(f(shift.flippedShare * 100))%)"
            parts.append(flipsPass ? "flipped the label of \(share), within max_flipped \(f(maxFlipped))"
                                   : "flipped the label of \(share), more than max_flipped \(f(maxFlipped))")
        }
        return parts.joined(separator: ", and ")
    }

    var json: [(String, JSONText)] {
        var members: [(String, JSONText)] = [
            ("tolerance", .number(tolerance)), ("rows_beyond_tolerance", .integer(Int64(violations))),
            ("max_change", .number(shift.worst?.change ?? 0)),
        ]
        if let worst = shift.worst {
            var entry: [(String, JSONText)] = [("row", .integer(Int64(worst.row))), ("before", .number(worst.before)),
                                               ("after", .number(worst.after)), ("change", .number(worst.change))]
            if let label = worst.label { entry.append(("class", .string(label))) }
            members.append(("worst", .object(entry)))
        }
        if shift.isClassification {
            members += [("flipped", .integer(Int64(shift.flipped))), ("flipped_share", .number(shift.flippedShare)),
                        ("max_flipped", .number(maxFlipped))]
        }
        members.append(("passed", .bool(passed)))
        return members
    }
}
