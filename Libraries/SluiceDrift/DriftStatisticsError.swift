/// What can go wrong when computing a drift statistic. Bad input never traps: it throws
/// one of these, whose `description` says what was wrong and what to do about it.
package enum DriftStatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sample with no values (after nulls and NaN were left out).
    case emptySample(String)
    /// A parameter outside its domain (bins < 1, a negative floor, a negative count...).
    case invalidParameter(String)
    /// A category (column of a contingency table) that no row counts: its expected
    /// frequency is zero and the chi-squared statistic is undefined.
    case zeroExpectedFrequency(String)

    package var description: String {
        switch self {
        case .emptySample(let what): "\(what) has no values: drift statistics need at least one non-null value on each side"
        case .invalidParameter(let what): what
        case .zeroExpectedFrequency(let what): "\(what) has an expected frequency of zero: leave out categories that neither table contains"
        }
    }
}
