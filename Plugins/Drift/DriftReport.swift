import SluiceKit
/// The drift report (output `report`, artifact `drift_report.json`), format version 1:
///
/// ```
/// {"version": 1,
///  "model": "house-prices",                          // only when a table names one
///  "drift_detected": true,
///  "drifted_features": ["f0"],                       // table order
///  "reference_rows": 100000, "current_rows": 100000,
///  "thresholds": {"psi": 0.2, "ks_pvalue": 0.05, "chi2_pvalue": 0.05,
///                 "null_share_increase": 0.1, "unseen_share": 0.05},   // null: not checked
///  "only_in_reference": [], "only_in_current": ["prediction"],         // not compared
///  "features": [
///    {"column": "f0", "kind": "numeric", "status": "drift",           // ok | drift | unchecked | skipped
///     "reference": {"values": 100000, "missing": 0}, "current": {"values": 99990, "missing": 10},
///     "statistics": {
///       "psi": {"value": 0.04, "threshold": 0.2, "status": "ok", "bins": 10},
///       "ks": {"value": 1.2e-40, "threshold": 0.05, "status": "drift", "statistic": 0.08, "method": "asymptotic"},
///       "null_share_increase": {"value": 0.0001, "threshold": 0.1, "status": "ok", "reference": 0, "current": 0.0001}},
///     "drifted_by": ["ks"]},
///    {"column": "city", "kind": "categorical", ...
///       "chi2": {"value": <p-value>, "statistic": ..., "dof": 3, ...},
///       "unseen_share": {"value": 0.02, ..., "unseen_categories": ["Oslo"]}, ...}]}
/// ```
///
/// `value` is what the threshold applies to: PSI and shares drift above it, p-values
/// (`ks`, `chi2`) below it. A statistic that cannot be computed (every value null on one
/// side) has status `skipped` and a `reason`; one whose threshold is null has status
/// `unchecked`. `missing` counts nulls, and NaN in float columns. `model` is the
/// `sluice.model` metadata of the current table (the `predictions` stage sets it to
/// the served model's name), else of the reference (the `reference` stage sets it);
/// the key is absent when neither table has one.
struct DriftReport {
    let model: String?
    let referenceRows: Int
    let currentRows: Int
    let thresholds: DriftConfig.Thresholds
    let plan: FeaturePlan
    let features: [FeatureDrift]

    var drifted: [FeatureDrift] { features.filter { $0.status == .drift } }

    var json: JSONText {
        .object([("version", .integer(1))] + (model.map { [("model", .string($0))] } ?? []) + [
            ("drift_detected", .bool(!drifted.isEmpty)),
            ("drifted_features", .array(drifted.map { .string($0.name) })),
            ("reference_rows", .integer(Int64(referenceRows))),
            ("current_rows", .integer(Int64(currentRows))),
            ("thresholds", .object([
                ("psi", .number(thresholds.psi)),
                ("ks_pvalue", .number(thresholds.ksPValue)),
                ("chi2_pvalue", .number(thresholds.chi2PValue)),
                ("null_share_increase", .number(thresholds.nullShareIncrease)),
                ("unseen_share", .number(thresholds.unseenShare)),
            ])),
            ("only_in_reference", .array(plan.onlyInReference.map(JSONText.string))),
            ("only_in_current", .array(plan.onlyInCurrent.map(JSONText.string))),
            ("features", .array(features.map(Self.feature))),
        ])
    }

    private static func feature(_ feature: FeatureDrift) -> JSONText {
        .object([
            ("column", .string(feature.name)),
            ("kind", .string(feature.kind.rawValue)),
            ("status", .string(feature.status.rawValue)),
            ("reference", .object([("values", .integer(Int64(feature.reference.present))), ("missing", .integer(Int64(feature.reference.missing)))])),
            ("current", .object([("values", .integer(Int64(feature.current.present))), ("missing", .integer(Int64(feature.current.missing)))])),
            ("statistics", .object(feature.checks.map { ($0.name, check($0)) })),
            ("drifted_by", .array(feature.drifted.map { .string($0.name) })),
        ])
    }

    private static func check(_ check: FeatureDrift.Check) -> JSONText {
        var members: [(String, JSONText)] = [
            ("value", .number(check.value)),
            ("threshold", .number(check.threshold)),
            ("status", .string(check.status.rawValue)),
        ]
        members += check.details
        if let reason = check.reason { members.append(("reason", .string(reason))) }
        return .object(members)
    }
}
