extension DriftFindings {
    /// One line for an alert and a webhook: "drift in 2 of 10 feature(s) (bmi: psi, ks;
    /// age: ks) at stage drift, model diabetes", one clause per report that drifted.
    package var summary: String {
        reports.filter { !$0.drifted.isEmpty }.map { report in
            let features = report.drifted.map { feature in
                "\(feature.column): \(feature.statistics.filter { $0.status == "drift" }.map(\.name).joined(separator: ", "))"
            }
            return "drift in \(report.drifted.count) of \(report.features.count) feature(s) (\(features.joined(separator: "; "))) at stage \(report.stage)"
                + (report.model.map { ", model \($0)" } ?? "")
        }.joined(separator: "; ")
    }
}
