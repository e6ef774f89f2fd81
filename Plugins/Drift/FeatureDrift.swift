import SluiceKit
import Foundation
import SluiceDrift

/// The statistics of one feature, each with its threshold and verdict.
struct FeatureDrift {
    enum Status: String { case ok, drift, unchecked, skipped }

    let name: String
    let kind: FeaturePlan.Kind
    let reference: (present: Int, missing: Int)
    let current: (present: Int, missing: Int)
    let checks: [Check]

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
        let left: ColumnSample, right: ColumnSample
        switch kind {
        case .numeric: (left, right) = (.numeric(feature.reference), .numeric(feature.current))
        case .categorical: (left, right) = (.categorical(feature.reference), .categorical(feature.current))
        }
        reference = (left.present, left.missing)
        current = (right.present, right.missing)

        var checks: [Check] = []
        let emptySide: String? = left.present == 0 ? "every reference value is null" : right.present == 0 ? "every current value is null" : nil
        if case let (.numeric(a, _), .numeric(b, _)) = (left, right) {
            checks.append(emptySide.map { Check(skipped: "psi", threshold: thresholds.psi, reason: $0) } ?? Self.psi(threshold: thresholds.psi) {
                try PopulationStabilityIndex.numeric(reference: a, current: b, bins: config.psiBins, floor: config.psiFloor)
            })
            checks.append(emptySide.map { Check(skipped: "ks", threshold: thresholds.ksPValue, reason: $0) } ?? Self.ks(a, b, threshold: thresholds.ksPValue))
        }
        if case let (.categorical(a, _), .categorical(b, _)) = (left, right) {
            checks.append(emptySide.map { Check(skipped: "psi", threshold: thresholds.psi, reason: $0) } ?? Self.psi(threshold: thresholds.psi) {
                try PopulationStabilityIndex.categorical(reference: a, current: b, floor: config.psiFloor)
            })
            checks.append(emptySide.map { Check(skipped: "chi2", threshold: thresholds.chi2PValue, reason: $0) } ?? Self.chi2(a, b, threshold: thresholds.chi2PValue))
            if let share = b.unseenShare(comparedWith: a), a.total > 0 {
                let unseen = b.categories(notIn: a).prefix(10)
                checks.append(Check("unseen_share", value: share, threshold: thresholds.unseenShare, breaches: >,
                                    details: [("unseen_categories", .array(unseen.map(JSONText.string)))]))
            } else {
                checks.append(Check(skipped: "unseen_share", threshold: thresholds.unseenShare, reason: emptySide ?? ""))
            }
        }
        let referenceRows = left.present + left.missing, currentRows = right.present + right.missing
        let referenceShare = referenceRows == 0 ? 0 : Double(left.missing) / Double(referenceRows)
        let currentShare = currentRows == 0 ? 0 : Double(right.missing) / Double(currentRows)
        checks.append(Check("null_share_increase", value: currentShare - referenceShare, threshold: thresholds.nullShareIncrease, breaches: >,
                            details: [("reference", .number(referenceShare)), ("current", .number(currentShare))]))
        self.checks = checks
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
