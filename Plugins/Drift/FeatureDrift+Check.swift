import SluiceKit
import Foundation

extension FeatureDrift {
    /// One statistic's outcome: the numbers to report, and what they mean.
    struct Check {
        let name: String
        /// The number compared with the threshold (PSI, a p-value, a share).
        let value: Double?
        let threshold: Double?
        let status: Status
        /// Further numbers for the report, in order (statistic, method, bins...).
        let details: [(String, JSONText)]
        let reason: String?

        /// A computed statistic judged against its threshold; `breaches` says when it means drift.
        init(_ name: String, value: Double, threshold: Double?, breaches: (Double, Double) -> Bool, details: [(String, JSONText)] = []) {
            self.name = name
            self.value = value
            self.threshold = threshold
            status = threshold.map { breaches(value, $0) ? .drift : .ok } ?? .unchecked
            self.details = details
            reason = nil
        }

        /// A statistic that could not be computed, and why.
        init(skipped name: String, threshold: Double?, reason: String) {
            self.name = name
            value = nil
            self.threshold = threshold
            status = .skipped
            details = []
            self.reason = reason
        }

        /// How the failure message describes a breach, e.g. "ks p-value 3.1e-12 < 0.05".
        var breachText: String {
            let value = Self.short(self.value ?? .nan), threshold = Self.short(self.threshold ?? .nan)
            switch name {
            case "ks", "chi2": return "\(name) p-value \(value) < \(threshold)"
            default: return "\(name) \(value) > \(threshold)"
            }
        }

        static func short(_ value: Double) -> String {
            if value == 0 || (abs(value) >= 1e-3 && abs(value) < 1e6) { return String(format: "%.4g", value) }
            return String(format: "%.3e", value)
        }
    }
}
