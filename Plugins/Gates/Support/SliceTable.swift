import SluiceKit
import SluiceMetrics

/// The per-slice table of the fairness report: each slice's size, rates and metrics.
struct SliceTable {
    struct Row {
        let group: String
        let count: Int
        let selectionRate: Double?
        let truePositiveRate: Double?
        /// Nil values are metrics this slice cannot have (see `notes`).
        let metrics: [String: Double?]
        let notes: [String: String]
    }

    let rows: [Row]
    /// The classification rates, for the parity measures; nil for regression.
    let rates: [Fairness.Slice]?
    let metricNames: [String]

    static func build(_ evaluation: Evaluation, groups: [String], metrics: [String]) -> SliceTable {
        switch evaluation.sample {
        case .classification(let sample):
            let rates = Fairness.slices(groups: groups, truth: sample.truth, predicted: sample.predicted, positive: sample.positive)
            let rows = rates.map { slice in
                row(slice.group, slice.rows.count, slice.selectionRate, slice.truePositiveRate, metrics) { (name) throws(MetricError) in try sample.subset(slice.rows).value(of: name) }
            }
            return SliceTable(rows: rows, rates: rates, metricNames: metrics)
        case .regression(let sample):
            var byGroup: [String: [Int]] = [:]
            for (index, group) in groups.enumerated() { byGroup[group, default: []].append(index) }
            let rows = byGroup.keys.sorted().map { group in
                row(group, byGroup[group]!.count, nil, nil, metrics) { (name) throws(MetricError) in try sample.subset(byGroup[group]!).value(of: name) }
            }
            return SliceTable(rows: rows, rates: nil, metricNames: metrics)
        }
    }

    private static func row(_ group: String, _ count: Int, _ selection: Double?, _ tpr: Double?, _ metrics: [String],
                            _ measure: (String) throws(MetricError) -> Double) -> Row {
        var values: [String: Double?] = [:], notes: [String: String] = [:]
        for name in metrics {
            do { values[name] = try measure(name) } catch {
                values[name] = .some(nil)
                notes[name] = "slice \(group): \(error.message)"
            }
        }
        return Row(group: group, count: count, selectionRate: selection, truePositiveRate: tpr, metrics: values, notes: notes)
    }

    var json: JSONText {
        .array(rows.map { row in
            var members: [(String, JSONText)] = [("slice", .string(row.group)), ("rows", .integer(Int64(row.count)))]
            if rates != nil {
                members.append(("selection_rate", .number(row.selectionRate)))
                members.append(("true_positive_rate", .number(row.truePositiveRate)))
            }
            for name in metricNames { members.append((name, .number(row.metrics[name] ?? nil))) }
            return .object(members)
        })
    }
}
