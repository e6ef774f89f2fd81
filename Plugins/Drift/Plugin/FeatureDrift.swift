import Foundation
import SluiceDrift

/// The statistics of one feature, each with its threshold and verdict.
struct FeatureDrift {
    enum Status: String { case ok, drift, unchecked, skipped }

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

    let name: String
    let kind: FeaturePlan.Kind
    let reference: (present: Int, missing: Int)
    let current: (present: Int, missing: Int)
    let checks: [Check]
    /// Categories of the current table the reference never had (first few), categorical only.
    let unseenCategories: [String]

    var drifted: [Check] { checks.filter { $0.status == .drift } }

    var status: Status {
        if !drifted.isEmpty { return .drift }
        if checks.contains(where: { $0.status == .ok }) { return .ok }
        if checks.contains(where: { $0.status == .unchecked }) { return .unchecked }
        return .skipped
    }

    /// Computes every statistic that applies to the feature's kind.
    init(_ feature: FeaturePlan.Feature, config: DriftConfig) {
        name = feature.name
        kind = feature.kind
        let thresholds = config.thresholds
        let left = kind == .numeric ? ColumnSample.numeric(feature.reference) : ColumnSample.categorical(feature.reference)
        let right = kind == .numeric ? ColumnSample.numeric(feature.current) : ColumnSample.categorical(feature.current)
        reference = (left.present, left.missing)
        current = (right.present, right.missing)

        var checks: [Check] = []
        let emptySide: String? = left.present == 0 ? "every reference value is null" : right.present == 0 ? "every current value is null" : nil
        func skip(_ name: String, _ threshold: Double?) -> Check {
            Check(skipped: name, threshold: threshold, reason: emptySide ?? "")
        }
        var unseen: [String] = []
        switch (left, right) {
        case let (.numeric(a, _), .numeric(b, _)):
            if emptySide != nil {
                checks.append(skip("psi", thresholds.psi))
                checks.append(skip("ks", thresholds.ksPValue))
            } else {
                checks.append(Self.psi(threshold: thresholds.psi) {
                    try PopulationStabilityIndex.numeric(reference: a, current: b, bins: config.psiBins, floor: config.psiFloor)
                })
                checks.append(Self.ks(a, b, threshold: thresholds.ksPValue))
            }
        case let (.categorical(a, _), .categorical(b, _)):
            if emptySide != nil {
                checks.append(skip("psi", thresholds.psi))
                checks.append(skip("chi2", thresholds.chi2PValue))
            } else {
                checks.append(Self.psi(threshold: thresholds.psi) {
                    try PopulationStabilityIndex.categorical(reference: a, current: b, floor: config.psiFloor)
                })
                checks.append(Self.chi2(a, b, threshold: thresholds.chi2PValue))
            }
            if let share = b.unseenShare(comparedWith: a), a.total > 0 {
                unseen = Array(b.categories(notIn: a).prefix(10))
                checks.append(Check("unseen_share", value: share, threshold: thresholds.unseenShare, breaches: >,
                                    details: [("unseen_categories", .array(unseen.map(JSONText.string)))]))
            } else {
                checks.append(skip("unseen_share", thresholds.unseenShare))
            }
        default:
            preconditionFailure("FeaturePlan gives both sides the same kind")
        }
        let referenceRows = left.present + left.missing, currentRows = right.present + right.missing
        let referenceShare = referenceRows == 0 ? 0 : Double(left.missing) / Double(referenceRows)
        let currentShare = currentRows == 0 ? 0 : Double(right.missing) / Double(currentRows)
        checks.append(Check("null_share_increase", value: currentShare - referenceShare, threshold: thresholds.nullShareIncrease, breaches: >,
                            details: [("reference", .number(referenceShare)), ("current", .number(currentShare))]))
        self.checks = checks
        unseenCategories = unseen
    }

    private static func psi(threshold: Double?, _ compute: () throws -> PopulationStabilityIndex) -> Check {
        do {
            let psi = try compute()
            return Check("psi", value: psi.value, threshold: threshold, breaches: >, details: [("bins", .integer(Int64(psi.bins.count)))])
        } catch {
            return Check(skipped: "psi", threshold: threshold, reason: "\(error)")
        }
    }

    private static func ks(_ a: SortedSample, _ b: SortedSample, threshold: Double?) -> Check {
        do {
            let ks = try KolmogorovSmirnov.test(a, b)
            return Check("ks", value: ks.pValue, threshold: threshold, breaches: <,
                         details: [("statistic", .number(ks.statistic)), ("method", .string(ks.method.rawValue))])
        } catch {
            return Check(skipped: "ks", threshold: threshold, reason: "\(error)")
        }
    }

    private static func chi2(_ a: CategoryCounts, _ b: CategoryCounts, threshold: Double?) -> Check {
        do {
            let test = try ChiSquaredTest.homogeneity(reference: a, current: b)
            return Check("chi2", value: test.pValue, threshold: threshold, breaches: <,
                         details: [("statistic", .number(test.statistic)), ("dof", .integer(Int64(test.degreesOfFreedom)))])
        } catch {
            return Check(skipped: "chi2", threshold: threshold, reason: "\(error)")
        }
    }
}
