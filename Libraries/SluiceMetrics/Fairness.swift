/// Group fairness of a classifier across the slices (groups) of a sensitive column,
/// defined as Fairlearn defines them (`fairlearn.metrics`), for one positive label:
///
/// - selection rate of a slice: the share of its rows predicted as the positive label;
/// - true positive rate of a slice: of its rows whose true label is positive, the
///   share predicted positive (undefined for a slice with no positive rows: such a
///   slice is left out of `equal_opportunity_difference` and reported, where
///   Fairlearn would warn and count it as 0);
/// - `demographic_parity_difference`: largest minus smallest selection rate
///   (`demographic_parity_difference`, method "between_groups"); 0 is parity;
/// - `equal_opportunity_difference`: largest minus smallest true positive rate
///   (`equal_opportunity_difference`); 0 is parity;
/// - `disparate_impact_ratio`: smallest over largest selection rate
///   (`demographic_parity_ratio`; the "four-fifths rule" asks for ≥ 0.8); 1 is parity.
public enum Fairness {
    /// One slice's rates.
    public struct Slice: Equatable, Sendable {
        public let group: String
        /// The test rows in this slice.
        public let rows: [Int]
        public let selectionRate: Double
        /// Nil when the slice has no row whose true label is positive.
        public let truePositiveRate: Double?
    }

    /// The slices of `groups` (one group name per row), sorted by name.
    public static func slices(groups: [String], truth: [Int], predicted: [Int], positive: Int) -> [Slice] {
        var rowsByGroup: [String: [Int]] = [:]
        for (row, group) in groups.enumerated() { rowsByGroup[group, default: []].append(row) }
        return rowsByGroup.keys.sorted().map { group in
            let rows = rowsByGroup[group]!
            let selected = rows.reduce(0) { $0 + (predicted[$1] == positive ? 1 : 0) }
            let positives = rows.filter { truth[$0] == positive }
            let found = positives.reduce(0) { $0 + (predicted[$1] == positive ? 1 : 0) }
            return Slice(group: group, rows: rows, selectionRate: Double(selected) / Double(rows.count),
                         truePositiveRate: positives.isEmpty ? nil : Double(found) / Double(positives.count))
        }
    }

    /// Largest minus smallest selection rate.
    public static func demographicParityDifference(_ slices: [Slice]) throws(MetricError) -> Double {
        let rates = try require(slices.map(\.selectionRate), "demographic_parity_difference")
        return rates.max()! - rates.min()!
    }

    /// Largest minus smallest true positive rate, over the slices that have one.
    public static func equalOpportunityDifference(_ slices: [Slice]) throws(MetricError) -> Double {
        let rates = try require(slices.compactMap(\.truePositiveRate), "equal_opportunity_difference")
        return rates.max()! - rates.min()!
    }

    /// Smallest over largest selection rate.
    public static func disparateImpactRatio(_ slices: [Slice]) throws(MetricError) -> Double {
        let rates = try require(slices.map(\.selectionRate), "disparate_impact_ratio")
        guard rates.max()! > 0 else {
            throw MetricError("metric.undefined", "disparate_impact_ratio is undefined: no row of any slice is predicted positive")
        }
        return rates.min()! / rates.max()!
    }

    /// The value of the fairness measure `name` (one of `MetricCatalog.fairness`).
    public static func value(of name: String, _ slices: [Slice]) throws(MetricError) -> Double {
        switch name {
        case "demographic_parity_difference": try demographicParityDifference(slices)
        case "equal_opportunity_difference": try equalOpportunityDifference(slices)
        case "disparate_impact_ratio": try disparateImpactRatio(slices)
        default: throw MetricError("gate.unknown-metric", "'\(name)' is not a fairness measure; they are: \(MetricCatalog.fairness.map(\.name).joined(separator: ", "))")
        }
    }

    private static func require(_ rates: [Double], _ name: String) throws(MetricError) -> [Double] {
        guard rates.count >= 2 else {
            throw MetricError("metric.undefined", "\(name) compares slices, and only \(rates.count) slice(s) qualify: the sensitive column needs at least two groups in the test rows" + (name == "equal_opportunity_difference" ? " with positive rows" : ""))
        }
        return rates
    }
}
