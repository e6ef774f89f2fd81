import SluiceKit
import SluiceMetrics

/// When two numbers count as equal: |a − b| ≤ max(absolute, relative × max(|a|, |b|)),
/// numpy.isclose made symmetric. An infinity equals only itself; NaN equals NaN (both
/// models gave no number, which is the same behaviour).
struct Closeness {
    let absolute: Double
    let relative: Double

    /// The largest difference allowed between `a` and `b`.
    func allowed(_ a: Double, _ b: Double) -> Double { max(absolute, relative * max(abs(a), abs(b))) }

    /// |a − b|: 0 for the same value (infinities included), infinity when only one is NaN
    /// or the two are different infinities.
    static func difference(_ a: Double, _ b: Double) -> Double {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        let difference = abs(a - b)
        return difference.isNaN ? .infinity : difference
    }

    /// |a − b| as a share of max(|a|, |b|); 0 when they are equal.
    static func relativeDifference(_ a: Double, _ b: Double) -> Double {
        let difference = difference(a, b)
        guard difference > 0 else { return 0 }
        let scale = max(abs(a), abs(b))
        return scale.isFinite && scale > 0 ? difference / scale : .infinity
    }

    func isClose(_ a: Double, _ b: Double) -> Bool {
        let difference = Self.difference(a, b)
        return difference == 0 || difference <= allowed(a, b)
    }
}

/// Two models' predictions on the same rows, side by side: the candidate's and the
/// other model's (e.g. the model as a deployment bundle serves it). Regression compares
/// the predicted values; classification compares the labels and, when both models give
/// them, every class probability.
struct Equivalence {
    /// One row: what each model predicted and how far apart they are.
    struct Row {
        let row: Int
        /// The predicted value (regression) or label (classification) of each model.
        let candidate: JSONText
        let other: JSONText
        /// The largest absolute difference of the values compared: the prediction, or
        /// the probability of `worstClass`.
        let difference: Double
        /// The largest difference relative to the larger value (any class's probability).
        let relativeDifference: Double
        /// The difference the tolerances allow for those values.
        let allowed: Double
        let withinTolerance: Bool
        /// Whether the labels are the same (always true for regression).
        let sameLabel: Bool
        /// Classifiers: the class whose probability differs most, and both probabilities.
        let worstClass: String?
        let candidateProbability: Double?
        let otherProbability: Double?

        var isDifferent: Bool { difference > 0 || !sameLabel }
    }

    let rows: [Row]
    let isClassification: Bool
    /// Classifiers: whether both models gave class probabilities (else only labels are compared).
    let probabilitiesCompared: Bool
    let closeness: Closeness

    var beyondTolerance: Int { rows.reduce(0) { $0 + ($1.withinTolerance ? 0 : 1) } }
    var agreeing: Int { rows.reduce(0) { $0 + ($1.sameLabel ? 1 : 0) } }
    var agreement: Double { rows.isEmpty ? 1 : Double(agreeing) / Double(rows.count) }
    var maxAbsoluteDifference: Double { rows.map(\.difference).max() ?? 0 }
    var maxRelativeDifference: Double { rows.map(\.relativeDifference).max() ?? 0 }

    /// The rows that differ most, worst first: a different label, then beyond the
    /// tolerance, then by difference. Rows predicted exactly alike are left out.
    func worst(_ limit: Int = 10) -> [Row] {
        Array(rows.filter(\.isDifferent).sorted { a, b in
            if a.sameLabel != b.sameLabel { return !a.sameLabel }
            if a.withinTolerance != b.withinTolerance { return !a.withinTolerance }
            if a.difference != b.difference { return a.difference > b.difference }
            return a.row < b.row
        }.prefix(limit))
    }

    /// Compares `candidate` with `other`, both predicted on the same table. Classifier
    /// classes are matched by label (as text, or as the same number), so their order
    /// may differ; `classes` are the candidate's.
    init(candidate: Predictions, other: Predictions, classes: [String], otherClasses: [String], closeness: Closeness) {
        self.closeness = closeness
        var rows: [Row] = []
        switch (candidate, other) {
        case (.regression(let a), .regression(let b)):
            for row in a.indices {
                let allowed = closeness.allowed(a[row], b[row])
                rows.append(Row(row: row, candidate: .number(a[row]), other: .number(b[row]),
                                difference: Closeness.difference(a[row], b[row]), relativeDifference: Closeness.relativeDifference(a[row], b[row]),
                                allowed: allowed, withinTolerance: closeness.isClose(a[row], b[row]), sameLabel: true,
                                worstClass: nil, candidateProbability: nil, otherProbability: nil))
            }
            isClassification = false
            probabilitiesCompared = false
        case (.classification(let al, let ap), .classification(let bl, let bp)):
            // The other model's index of each of the candidate's classes.
            let matcher = LabelMatcher(classes: otherClasses)
            let map = classes.map { matcher.index(of: $0) ?? -1 }
            let probabilities = ap.flatMap { ap in bp.map { (ap, $0) } }
            for row in al.indices {
                var worst = (difference: 0.0, allowed: closeness.absolute, c: -1)
                var within = true, relative = 0.0
                if let (ap, bp) = probabilities {
                    for c in classes.indices where map[c] >= 0 {
                        let a = ap[row, c], b = bp[row, map[c]]
                        let difference = Closeness.difference(a, b)
                        within = within && closeness.isClose(a, b)
                        relative = max(relative, Closeness.relativeDifference(a, b))
                        if worst.c < 0 || difference > worst.difference {
                            worst = (difference, closeness.allowed(a, b), c)
                        }
                    }
                }
                let c = worst.c
                rows.append(Row(row: row, candidate: .string(classes[al[row]]), other: .string(otherClasses[bl[row]]),
                                difference: worst.difference, relativeDifference: relative, allowed: worst.allowed,
                                withinTolerance: within, sameLabel: map[al[row]] == bl[row], worstClass: c >= 0 ? classes[c] : nil,
                                candidateProbability: c >= 0 ? probabilities?.0[row, c] : nil,
                                otherProbability: c >= 0 ? probabilities?.1[row, map[c]] : nil))
            }
            isClassification = true
            probabilitiesCompared = probabilities != nil
        default:
            // Tasks are checked to match before predicting; nothing to compare otherwise.
            isClassification = false
            probabilitiesCompared = false
        }
        self.rows = rows
    }

    /// Why the candidate's and the other's classes cannot be compared, or nil when
    /// they are the same labels (in any order).
    static func classMismatch(_ classes: [String], _ otherClasses: [String]) -> String? {
        let matcher = LabelMatcher(classes: otherClasses)
        let mapped = classes.map { matcher.index(of: $0) }
        guard classes.count != otherClasses.count || mapped.contains(nil) || Set(mapped.compactMap { $0 }).count != classes.count else { return nil }
        return "the candidate's classes \(LabelMatcher.list(classes)) are not the other model's \(LabelMatcher.list(otherClasses))"
    }
}

/// Whether an equivalence stays within the tolerances and the agreement asked for, and
/// how to say so.
struct EquivalenceVerdict {
    let equivalence: Equivalence
    let minAgreement: Double
    /// What the candidate is compared with, as messages name it: "'dist/houses'" (the
    /// reference, quoted) or "the expected predictions".
    let other: String

    var agreementPasses: Bool { !equivalence.isClassification || equivalence.agreement >= minAgreement }
    var passed: Bool { equivalence.beyondTolerance == 0 && agreementPasses }

    var sentence: String {
        let f = GateOutcome.format
        let e = equivalence
        let count = e.rows.count
        let what = e.isClassification ? "class probabilities" : "predictions"
        let rule = "max(\(f(e.closeness.absolute)), \(f(e.closeness.relative)) × the larger value)"
        var parts: [String] = []
        if e.isClassification && !e.probabilitiesCompared {
            parts.append("the candidate and \(other) are compared on their labels only (not both give class probabilities)")
        } else if e.beyondTolerance == 0 {
            parts.append("the candidate and \(other) give the same \(what) on all \(count) rows within \(rule) (largest difference \(f(e.maxAbsoluteDifference)))")
        } else {
            parts.append("the candidate and \(other) give \(what) that differ beyond \(rule) on \(e.beyondTolerance) of \(count) rows")
        }
        if e.isClassification {
            let share = "\(e.agreeing) of \(count) rows (\(f(e.agreement * 100))%)"
            parts.append(agreementPasses ? "agree on the label of \(share), at least min_agreement \(f(minAgreement))"
                                         : "agree on the label of \(share), less than min_agreement \(f(minAgreement))")
        }
        if !passed, let worst = e.worst(1).first {
            parts.append("the worst, row \(worst.row): \(Self.describe(worst, other: other))")
        }
        return parts.joined(separator: "; ")
    }

    /// With `other` "'other.json'": "the candidate predicts 12 and 'other.json' 11
    /// (difference 1, allowed 1.2e-08)", or for a classifier "the candidate predicts 'yes'
    /// and 'other.json' 'no', the probability of 'yes' 0.62 and 0.38 (difference 0.24,
    /// allowed 1e-09)".
    static func describe(_ row: Equivalence.Row, other: String) -> String {
        let f = GateOutcome.format
        let tolerance = "difference \(f(row.difference)), allowed \(f(row.allowed))"
        guard case .string(let a) = row.candidate, case .string(let b) = row.other else {
            return "the candidate predicts \(value(row.candidate)) and \(other) \(value(row.other)) (\(tolerance))"
        }
        let labels = "the candidate predicts '\(a)' and \(other) '\(b)'"
        guard let label = row.worstClass, let pa = row.candidateProbability, let pb = row.otherProbability else { return labels }
        return "\(labels), the probability of '\(label)' \(f(pa)) and \(f(pb)) (\(tolerance))"
    }

    private static func value(_ json: JSONText) -> String {
        json.doubleValue.map { GateOutcome.format($0) } ?? json.text
    }

    var json: [(String, JSONText)] {
        let e = equivalence
        var members: [(String, JSONText)] = [
            ("tolerance", .number(e.closeness.absolute)), ("relative_tolerance", .number(e.closeness.relative)),
            ("max_absolute_difference", .number(e.maxAbsoluteDifference)), ("max_relative_difference", .number(e.maxRelativeDifference)),
            ("rows_beyond_tolerance", .integer(Int64(e.beyondTolerance))),
        ]
        if e.isClassification {
            members += [("agreement", .number(e.agreement)), ("agreeing_rows", .integer(Int64(e.agreeing))),
                        ("min_agreement", .number(minAgreement)), ("probabilities_compared", .bool(e.probabilitiesCompared))]
        }
        members.append(("worst_rows", .array(e.worst().map(Self.json))))
        members.append(("passed", .bool(passed)))
        return members
    }

    private static func json(_ row: Equivalence.Row) -> JSONText {
        var members: [(String, JSONText)] = [
            ("row", .integer(Int64(row.row))), ("candidate", row.candidate), ("other", row.other),
            ("difference", .number(row.difference)), ("relative_difference", .number(row.relativeDifference)),
            ("allowed", .number(row.allowed)), ("within_tolerance", .bool(row.withinTolerance)),
        ]
        if case .string = row.candidate { members.append(("same_label", .bool(row.sameLabel))) }
        if let label = row.worstClass {
            members += [("class", .string(label)), ("candidate_probability", .number(row.candidateProbability)),
                        ("other_probability", .number(row.otherProbability))]
        }
        return .object(members)
    }
}
