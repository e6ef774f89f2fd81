import Foundation
import SluiceJSON
import SluiceSupport

/// A drift report as the host reads it (`drift_report.json` of the `sluice.drift/drift`
/// stage, format version 1, documented in Plugins/Drift/Plugin/DriftReport.swift): what
/// `sluice monitor` prints and acts on, and what `sluice serve` exports as gauges.
package struct DriftReportSummary: Sendable, Equatable {
    package struct Statistic: Sendable, Equatable {
        /// `psi`, `ks`, `chi2`, `null_share_increase`, `unseen_share`, or any later one.
        package var name: String
        /// What the threshold applies to; nil when absent or not finite (a skipped statistic).
        package var value: Double?
        package var threshold: Double?
        /// `ok`, `drift`, `unchecked` or `skipped`.
        package var status: String
        /// The KS or chi-squared test statistic, when the report has one.
        package var statistic: Double?
    }

    package struct Feature: Sendable, Equatable {
        package var column: String
        package var kind: String
        package var status: String
        /// Ordered by name, so what is printed or exported is stable.
        package var statistics: [Statistic]

        package var drifted: Bool { status == "drift" }
    }

    /// The artifact name the drift stage stores its report under.
    package static let artifactName = "drift_report.json"

    /// The served model whose prediction log was compared; nil when the report names none.
    package var model: String?
    package var referenceRows: Int
    package var currentRows: Int
    package var features: [Feature]

    package var drifted: [Feature] { features.filter(\.drifted) }

    /// Parses a report; the error says what is wrong with it.
    package init(json root: JSONValue) throws(ReportError) {
        guard case .object(let members) = root else { throw ReportError("is not a JSON object") }
        // A later format may move fields: reading it as version 1 could show wrong numbers.
        guard case .integer(1)? = members["version"] else {
            throw ReportError("has version \(members["version"]?.canonicalText ?? "(none)"), and this server reads version 1: upgrade sluice")
        }
        switch members["model"] {
        case nil, .null?: model = nil
        case .string(let name)?: model = name
        case let other?: throw ReportError("has a \(other.typeName) as \"model\", not a string")
        }
        referenceRows = Int(members["reference_rows"]?.doubleValue ?? 0)
        currentRows = Int(members["current_rows"]?.doubleValue ?? 0)
        guard case .array(let features)? = members["features"] else { throw ReportError("has no \"features\" array") }
        self.features = try features.enumerated().map { (index, feature) throws(ReportError) in try Self.feature(feature, index) }
    }

    /// Parses a report's bytes.
    package init(json data: Data) throws(ReportError) {
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch { throw ReportError("is not valid JSON: \(error)") }
        try self.init(json: root)
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
                statistics.append(Statistic(name: name, value: finite(fields["value"]), threshold: finite(fields["threshold"]),
                                            status: fields["status"]?.stringValue ?? "", statistic: finite(fields["statistic"])))
            }
        }
        return Feature(column: column, kind: members["kind"]?.stringValue ?? "", status: status, statistics: statistics)
    }

    private static func finite(_ value: JSONValue?) -> Double? {
        guard let number = value?.doubleValue, number.isFinite else { return nil }
        return number
    }

    /// Why a report cannot be read; the message completes "the drift report ...".
    package struct ReportError: Error, Sendable {
        package let message: String
        package init(_ message: String) { self.message = message }
    }
}
