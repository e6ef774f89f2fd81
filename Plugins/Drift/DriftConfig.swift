import SluiceDrift
import SluiceKit

/// The `drift` stage's configuration (see `DriftStage.configSchema` for the user's view).
struct DriftConfig: Decodable {
    var columns: [String]?
    var exclude: [String]
    var categorical: [String]?
    var psiBins: Int
    var psiFloor: Double
    var thresholds: Thresholds
    var failOnDrift: Bool

    /// When each statistic means drift. nil: computed and reported, never flagged.
    struct Thresholds: Decodable, Equatable {
        var psi: Double? = 0.2
        var ksPValue: Double? = 0.05
        var chi2PValue: Double? = 0.05
        var nullShareIncrease: Double? = 0.1
        var unseenShare: Double? = 0.05

        enum CodingKeys: String, CodingKey {
            case psi, ksPValue = "ks_pvalue", chi2PValue = "chi2_pvalue", nullShareIncrease = "null_share_increase", unseenShare = "unseen_share"
        }

        init() {}

        // An absent key keeps its default; an explicit null switches the check off.
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func read(_ key: CodingKeys, _ fallback: Double?) throws -> Double? {
                guard container.contains(key) else { return fallback }
                return try container.decodeNil(forKey: key) ? nil : container.decode(Double.self, forKey: key)
            }
            let defaults = Thresholds()
            psi = try read(.psi, defaults.psi)
            ksPValue = try read(.ksPValue, defaults.ksPValue)
            chi2PValue = try read(.chi2PValue, defaults.chi2PValue)
            nullShareIncrease = try read(.nullShareIncrease, defaults.nullShareIncrease)
            unseenShare = try read(.unseenShare, defaults.unseenShare)
        }
    }

    enum CodingKeys: String, CodingKey {
        case columns, exclude, categorical, psiBins = "psi_bins", psiFloor = "psi_floor", thresholds, failOnDrift = "fail_on_drift"
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        columns = try container.decodeIfPresent([String].self, forKey: .columns)
        exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
        categorical = try container.decodeIfPresent([String].self, forKey: .categorical)
        psiBins = try container.decodeIfPresent(Int.self, forKey: .psiBins) ?? PopulationStabilityIndex.defaultBins
        psiFloor = try container.decodeIfPresent(Double.self, forKey: .psiFloor) ?? PopulationStabilityIndex.defaultFloor
        thresholds = try container.decodeIfPresent(Thresholds.self, forKey: .thresholds) ?? Thresholds()
        failOnDrift = try container.decodeIfPresent(Bool.self, forKey: .failOnDrift) ?? true
    }

    /// What the schema cannot say: lists without repeats, bins and floor in range.
    func validate() throws {
        for (field, names) in [("columns", columns ?? []), ("exclude", exclude), ("categorical", categorical ?? [])] {
            var seen = Set<String>()
            if let repeated = names.first(where: { !seen.insert($0).inserted }) {
                throw StageError.invalidConfig("'\(field)' lists '\(repeated)' twice; list each column once")
            }
        }
        if let columns, let both = columns.first(where: exclude.contains) {
            throw StageError.invalidConfig("'\(both)' is in both 'columns' and 'exclude'; keep it in one of them")
        }
        guard psiBins >= 2 else { throw StageError.invalidConfig("'psi_bins' must be at least 2, got \(psiBins)") }
        guard psiFloor > 0, psiFloor < 0.5 else {
            throw StageError.invalidConfig("'psi_floor' must be above 0 and below 0.5 (it stands in for the share of an empty bin), got \(psiFloor)")
        }
    }
}
