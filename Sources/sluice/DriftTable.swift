import SluiceMonitoring


/// The per-feature table `sluice monitor` prints for each drift report: one row per
/// feature, one column per statistic with its threshold in the heading, a breached
/// value marked with `!`.
enum DriftTable {
    /// Report statistics in the order of the columns, with how their threshold reads.
    private static let columns: [(name: String, heading: String, comparison: String)] = [
        ("psi", "psi", ">"), ("ks", "ks p", "<"), ("chi2", "chi2 p", "<"),
        ("null_share_increase", "nulls +", ">"), ("unseen_share", "unseen", ">"),
    ]

    static func render(_ report: DriftFindings.Report) -> String {
        let model = report.model.map { ", model \($0)" } ?? ""
        var lines = ["\(report.stage)\(model): \(report.referenceRows) reference rows, \(report.currentRows) current rows, \(report.drifted.count) of \(report.features.count) feature(s) drifted"]
        let shown = columns.filter { column in report.features.contains { $0.statistics.contains { $0.name == column.name } } }
        var rows = [["feature", "kind"] + shown.map { column in heading(column, in: report) } + ["status"]]
        for feature in report.features {
            let cells = shown.map { column -> String in
                guard let statistic = feature.statistics.first(where: { $0.name == column.name }) else { return "" }
                guard let value = statistic.value else { return statistic.status == "skipped" ? "skipped" : "-" }
                return RunReport.number(value) + (statistic.status == "drift" ? " !" : "")
            }
            rows.append([feature.column, feature.kind] + cells + [feature.status == "drift" ? "DRIFT" : feature.status])
        }
        lines.append(formatTable(rows))
        return lines.joined(separator: "\n")
    }

    /// "psi (>0.2)" when every feature shares the threshold, else the bare name.
    private static func heading(_ column: (name: String, heading: String, comparison: String), in report: DriftFindings.Report) -> String {
        let thresholds = Set(report.features.compactMap { $0.statistics.first { $0.name == column.name }?.threshold })
        guard thresholds.count == 1, let threshold = thresholds.first else { return column.heading }
        return "\(column.heading) (\(column.comparison)\(RunReport.number(threshold)))"
    }
}
