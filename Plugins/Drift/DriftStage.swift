import SluiceDrift
import SluiceKit

/// Stage `drift`: compares a `current` table (a window of the prediction log, or any
/// table) with a `reference` table (the training data), feature by feature.
///
/// - Numeric columns: PSI over quantile bins of the reference, and the two-sample
///   Kolmogorov–Smirnov test (statistic and p-value as scipy's `ks_2samp`).
/// - Categorical columns (utf8, dictionary, bool, and numbers listed in `categorical`):
///   PSI over the reference's categories, the chi-squared test of homogeneity (as
///   scipy's `chi2_contingency`) and the share of current values in categories the
///   reference never had.
/// - Every column: the increase of the share of missing values (null, or NaN).
///
/// A feature drifts when any of its statistics passes its threshold. The report goes to
/// output `report` and artifact `drift_report.json` (format in `DriftReport`), and each
/// statistic is logged as metric `drift.<column>.<statistic>`. With `fail_on_drift`
/// (the default) drift fails the stage as a failed gate, naming the drifted features.
struct DriftStage: Monitor {
    typealias Config = DriftConfig

    static let id = "drift"
    static let summary = "Compares current data with a reference per feature (PSI, KS, chi-squared, nulls, unseen categories) and gates on drift"
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,
         "properties":{
           "columns":{"type":"array","items":{"type":"string","minLength":1},"minItems":1,
                      "description":"the columns to compare; each must be in both tables (default: every column the two tables share)"},
           "exclude":{"type":"array","items":{"type":"string","minLength":1},"default":[],
                      "description":"columns to leave out (ids, timestamps)"},
           "categorical":{"type":"array","items":{"type":"string","minLength":1},
                          "description":"number columns to compare as categories; utf8, dictionary and bool columns always are"},
           "psi_bins":{"type":"integer","minimum":2,"default":10,
                       "description":"quantile bins fitted on the reference for the PSI of numeric columns"},
           "psi_floor":{"type":"number","exclusiveMinimum":0,"maximum":0.5,"default":0.0001,
                        "description":"the share an empty bin counts as, so that PSI stays finite"},
           "thresholds":{"type":"object","additionalProperties":false,
                         "description":"when each statistic means drift; null reports it without checking",
                         "properties":{
                           "psi":{"type":["number","null"],"minimum":0,"default":0.2,"description":"drift when PSI is above"},
                           "ks_pvalue":{"type":["number","null"],"minimum":0,"maximum":1,"default":0.05,"description":"drift when the KS p-value is below"},
                           "chi2_pvalue":{"type":["number","null"],"minimum":0,"maximum":1,"default":0.05,"description":"drift when the chi-squared p-value is below"},
                           "null_share_increase":{"type":["number","null"],"minimum":-1,"maximum":1,"default":0.1,"description":"drift when the share of missing values grows by more"},
                           "unseen_share":{"type":["number","null"],"minimum":0,"maximum":1,"default":0.05,"description":"drift when more of the current values are in categories the reference never had"}}},
           "fail_on_drift":{"type":"boolean","default":true,
                            "description":"fail the stage (a failed gate) when any feature drifts; false only reports"}}}
        """#
    static let inputs = [
        Port("reference", .table, description: "the data the model was trained on"),
        Port("current", .table, description: "the data it sees now (e.g. a window of the prediction log)"),
    ]
    static let outputs = [
        Port("report", .report, description: "per feature: each statistic, its threshold and status; the drifted features (JSON)"),
    ]

    let config: DriftConfig
    let host: HostServices

    init(config: DriftConfig, host: HostServices) throws {
        try config.validate()
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let reference = try call.inputTable("reference")
        let current = try call.inputTable("current")
        guard reference.rowCount > 0 else {
            throw StageError.invalidInput("the reference table has no rows: drift needs the training data to compare with. Check the stage or artifact that feeds 'reference'")
        }
        guard current.rowCount > 0 else {
            throw StageError.invalidInput("the current table has no rows (an empty window): there is nothing to compare yet. Widen the window, or run the monitor once data has arrived")
        }
        let plan = try FeaturePlan(reference: reference, current: current, config: config)
        warnAboutLeftOut(plan)

        host.progress(0, "comparing \(plan.features.count) feature(s)")
        let features = parallelMap(plan.features.count) { FeatureDrift(plan.features[$0], config: config) }
        try host.checkCancellation()
        let report = DriftReport(model: current.metadata[PredictionsStage.modelKey] ?? reference.metadata[PredictionsStage.modelKey], referenceRows: reference.rowCount, currentRows: current.rowCount, thresholds: config.thresholds, plan: plan, features: features)

        for feature in features { logMetrics(feature) }
        host.metric("drift.features", Double(features.count))
        host.metric("drift.drifted_features", Double(report.drifted.count))
        let bytes = report.json.bytes
        try call.output("report", bytes: bytes, mediaType: "application/json")
        try host.writeArtifact(name: "drift_report.json", mediaType: "application/json", bytes: bytes)

        let drifted = report.drifted
        for feature in drifted {
            host.warning("drift in '\(feature.name)': \(feature.drifted.map(\.breachText).joined(separator: ", "))")
        }
        for feature in features {
            let skipped = feature.checks.filter { $0.status == .skipped }
            guard let reason = skipped.first?.reason else { continue }
            host.warning("'\(feature.name)': \(skipped.map(\.name).joined(separator: ", ")) not computed: \(reason)")
        }
        host.info("\(drifted.count) of \(features.count) feature(s) drifted")
        guard !drifted.isEmpty, config.failOnDrift else { return }
        let named = drifted.prefix(10).map { "'\($0.name)' (\($0.drifted.map(\.breachText).joined(separator: ", ")))" }
        let more = drifted.count > 10 ? " and \(drifted.count - 10) more" : ""
        throw StageError.gateFailed("drift detected in \(drifted.count) of \(features.count) feature(s): \(named.joined(separator: "; "))\(more). Retrain on recent data, adjust 'thresholds', or set fail_on_drift: false to only report")
    }

    private func warnAboutLeftOut(_ plan: FeaturePlan) {
        if !plan.onlyInReference.isEmpty {
            host.warning("not compared, only in reference: \(plan.onlyInReference.joined(separator: ", "))")
        }
        if !plan.onlyInCurrent.isEmpty {
            host.warning("not compared, only in current: \(plan.onlyInCurrent.joined(separator: ", "))")
        }
        if !plan.unknownNames.isEmpty {
            host.warning("'exclude' or 'categorical' names column(s) neither table has: \(plan.unknownNames.joined(separator: ", "))")
        }
    }

    /// drift.<column>.psi, .ks_statistic, .ks_pvalue, .chi2_statistic, .chi2_pvalue,
    /// .unseen_share, .null_share, .null_share_increase, and .drift (1 or 0).
    private func logMetrics(_ feature: FeatureDrift) {
        let prefix = "drift.\(feature.name)."
        for check in feature.checks {
            guard let value = check.value else { continue }
            switch check.name {
            case "ks", "chi2":
                host.metric(prefix + check.name + "_pvalue", value)
                if case .number(let statistic)? = check.details.first(where: { $0.0 == "statistic" })?.1 {
                    host.metric(prefix + check.name + "_statistic", statistic)
                }
            case "null_share_increase":
                host.metric(prefix + check.name, value)
                if case .number(let share)? = check.details.first(where: { $0.0 == "current" })?.1 {
                    host.metric(prefix + "null_share", share)
                }
            default:
                host.metric(prefix + check.name, value)
            }
        }
        host.metric(prefix + "drift", feature.status == .drift ? 1 : 0)
    }
}
