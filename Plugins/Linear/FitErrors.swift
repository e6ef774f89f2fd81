import SluiceKit
import SluiceLinear

/// Turns the numerics' errors into stage errors that name features by column name
/// (the numerics only know column indices) and say what to do.
enum FitErrors {
    static func stageError(_ error: LinearModelError, features: [LinearModelArtifact.Field], stage: String) -> StageError {
        func name(_ index: Int) -> String { index < features.count ? "'\(features[index].name)'" : "feature \(index)" }
        switch error {
        case .collinearFeatures(let groups):
            let shown = groups.prefix(5).map { group -> String in
                if group.combination.isEmpty {
                    return group.involvesIntercept ? "\(name(group.feature)) is constant" : "\(name(group.feature)) is all zeros"
                }
                let terms = group.combination.map { "\(format($0.coefficient)) × \(name($0.feature))" }
                return "\(name(group.feature)) ≈ \(terms.joined(separator: " + "))\(group.involvesIntercept ? " + constant" : "")"
            }
            let more = groups.count > 5 ? "; and \(groups.count - 5) more" : ""
            return StageError.invalidInput(
                "the features are collinear, so least squares has no unique solution (the matrix XᵀX is singular): \(shown.joined(separator: "; "))\(more). "
                    + "Drop the redundant features with 'features', or use sluice.linear/ridge (alpha > 0), which has a unique solution")
        case .tooFewSamples(let samples, let count, let fitIntercept):
            return StageError.invalidInput(
                "\(count) features but only \(samples) rows\(fitIntercept ? " (one of them spent on the intercept)" : ""): least squares has infinitely many solutions. "
                    + "Use sluice.linear/ridge (alpha > 0), fewer features, or more rows")
        case .singleClass(let message):
            return StageError.invalidInput("logistic regression needs at least two classes in the target: \(message). Check the split (stratify on the target) or the filter before this stage")
        case .invalidParameter(let message):
            return StageError.invalidConfig(message)
        case .singularSystem(let message):
            return StageError.invalidInput("\(message)")
        case .nonFinite(let place, let value):
            return StageError.invalidInput("\(renamed(place, features)) is \(value): fill missing values with sluice.transforms/impute first")
        case .overflow, .noSamples, .noFeatures, .dimensionMismatch:
            return StageError.invalidInput("\(stage) cannot fit this table: \(error.description)")
        }
    }

    /// "X column 3 at row 5" → "feature 'x3' at row 5".
    private static func renamed(_ place: String, _ features: [LinearModelArtifact.Field]) -> String {
        let prefix = "X column "
        guard place.hasPrefix(prefix) else { return place }
        let rest = place.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isNumber }
        guard let index = Int(digits), index < features.count else { return place }
        return "feature '\(features[index].name)'" + rest.dropFirst(digits.count)
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 1e6).rounded() / 1e6
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }
}
