/// Everything that can go wrong when fitting or applying a linear model. Bad input never
/// traps: it throws one of these, whose `description` says what was wrong and what to do.
public enum LinearModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data has no rows.
    case noSamples
    /// The design matrix has no columns.
    case noFeatures
    /// Sizes that must agree do not (rows of X vs length of y, features at predict time...).
    case dimensionMismatch(String)
    /// A NaN or an infinity in the input (`place` says where, e.g. "X at row 3, column 1").
    case nonFinite(place: String, value: Double)
    /// Finite values so large that sums of them overflow.
    case overflow(String)
    /// A parameter outside its domain (alpha < 0, C <= 0, tol <= 0, maxIter < 1...).
    case invalidParameter(String)
    /// Least squares is underdetermined: fewer (centred) samples than features.
    case tooFewSamples(samples: Int, features: Int, fitIntercept: Bool)
    /// The design matrix is rank deficient: each entry is a feature that is (numerically)
    /// a linear combination of the features before it, or of the intercept.
    case collinearFeatures([Collinearity])
    /// Ridge with alpha = 0 (or one so small it does not help) on a singular design.
    case singularSystem(String)
    /// Logistic regression needs at least two classes.
    case singleClass(String)

    /// One dependent feature: `feature` ≈ `intercept` + Σ coefficient × feature (over
    /// `combination`) on the training rows.
    public struct Collinearity: Sendable, Equatable {
        public var feature: Int
        /// The earlier features it is a combination of, with their coefficients; empty
        /// when the feature is constant (a multiple of the intercept) or all zeros.
        public var combination: [Term]
        /// True when the intercept is part of the combination (the data were centred).
        public var involvesIntercept: Bool

        public struct Term: Sendable, Equatable {
            public var feature: Int
            public var coefficient: Double
        }

        public var summary: String {
            if combination.isEmpty {
                return involvesIntercept ? "feature \(feature) is constant" : "feature \(feature) is all zeros"
            }
            let terms = combination.map { "\(formatCoefficient($0.coefficient)) × feature \($0.feature)" }
            return "feature \(feature) ≈ \(terms.joined(separator: " + "))\(involvesIntercept ? " + constant" : "")"
        }
    }

    public var description: String {
        switch self {
        case .noSamples:
            return "the data has no rows: at least one sample is needed"
        case .noFeatures:
            return "the design matrix has no feature columns"
        case .dimensionMismatch(let message):
            return "size mismatch: \(message)"
        case .nonFinite(let place, let value):
            return "\(place) is \(value): remove or impute missing and infinite values before fitting"
        case .overflow(let message):
            return "values too large: \(message); rescale the data"
        case .invalidParameter(let message):
            return "invalid parameter: \(message)"
        case .tooFewSamples(let samples, let features, let fitIntercept):
            let usable = fitIntercept ? "\(samples) samples (\(samples - 1) once centred for the intercept)" : "\(samples) samples"
            return "n_samples < n_features: \(usable) for \(features) features, so least squares has no unique solution; "
                + "use ridge (alpha > 0) or fewer features"
        case .collinearFeatures(let groups):
            let shown = groups.prefix(5).map(\.summary).joined(separator: "; ")
            let more = groups.count > 5 ? "; and \(groups.count - 5) more" : ""
            return "the features are collinear (the design matrix is rank deficient): \(shown)\(more). "
                + "Drop the redundant features or use ridge (alpha > 0)"
        case .singularSystem(let message):
            return "singular system: \(message)"
        case .singleClass(let message):
            return "logistic regression needs at least two classes: \(message)"
        }
    }
}

func formatCoefficient(_ value: Double) -> String {
    let rounded = (value * 1e6).rounded() / 1e6
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return String(rounded)
}
