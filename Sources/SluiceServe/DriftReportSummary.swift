import Foundation
import SluiceCore

/// What the drift gauges show of one drift report (`drift_report.json` of the
/// `sluice.drift/drift` stage, format version 1, documented in
/// Plugins/Drift/Plugin/DriftReport.swift): per feature whether it drifted, and each
/// statistic's value and test statistic. The rest of the report is not needed here.
struct DriftReportSummary: Sendable, Equatable {
    struct Statistic: Sendable, Equatable {
        /// `psi`, `ks`, `chi2`, `null_share_increase`, `unseen_share`, or any later one.
        var name: String
        /// What the threshold applies to; nil when absent or not finite (a skipped statistic).
        var value: Double?
        /// The KS or chi-squared test statistic, when the report has one.
        var statistic: Double?
    }

    struct Feature: Sendable, Equatable {
        var column: String
        var drifted: Bool
        /// Ordered by name, so the exposition text is stable.
        var statistics: [Statistic]
    }

    /// The served model whose prediction log was compared; "" when the report names none.
    var model: String
    var features: [Feature]

    /// Parses a report; the error says what is wrong with it.
    init(json data: Data) throws(ReportError) {
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch { throw ReportError("is not valid JSON: \(error)") }
        guard case .object(let members) = root else { throw ReportError("is not a JSON object") }
        // A later format may move fields: showing it as version 1 could show wrong numbers.
        guard case .integer(1)? = members["version"] else {
            throw ReportError("has version \(members["version"]?.canonicalText ?? "(none)"), and this server reads version 1: upgrade sluice")
        }
        switch members["model"] {
        case nil, .null?: model = ""
        case .string(let name)?: model = name
        case let other?: throw ReportError("has a \(other.typeName) as \"model\", not a string")
        }
        guard case .array(let features)? = members["features"] else { throw ReportError("has no \"features\" array") }
        self.features = try features.enumerated().map { (index, feature) throws(ReportError) in try Self.feature(feature, index) }
    }

    private static func feature(_ value: JSONValue, _ index: Int) throws(ReportError) -> Feature {
        guard case .object(let members) = value, case .string(let column)? = members["column"] else {
            throw ReportError("feature \(index) is not an object with a \"column\" name")
        }
        guard case .string(let status)? = members["status"] else { throw ReportError("feature '\(column)' has no \"status\"") }
        var statistics: [Statistic] = []
        if case .object(let checks)? = members["statistics"] {
            for (name, check) in checks.sorted(by: { $0.key < $1.key }) {
                guard case .object(let fields) = check else { throw ReportError("statistic '\(name)' of feature '\(column)' is not an object") }
                statistics.append(Statistic(name: name, value: finite(fields["value"]), statistic: finite(fields["statistic"])))
            }
        }
        return Feature(column: column, drifted: status == "drift", statistics: statistics)
    }

    private static func finite(_ value: JSONValue?) -> Double? {
        guard let number = value?.doubleValue, number.isFinite else { return nil }
        return number
    }

    /// Why a report cannot be shown; the message completes "the drift report ...".
    struct ReportError: Error, Sendable {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
