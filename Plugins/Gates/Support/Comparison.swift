import SluiceKit
import SluiceMetrics

/// The candidate's value of a metric against the champion's, with the slack the
/// tolerances allow: the candidate passes unless it is worse by more than
/// max(tolerance, relative_tolerance × |champion|).
struct Comparison {
    let metric: MetricSpec
    let candidate: Double
    let champion: Double
    let tolerance: Double
    let relativeTolerance: Double

    var allowed: Double { max(tolerance, relativeTolerance * abs(champion)) }

    /// How much worse the candidate is (negative when better).
    var shortfall: Double { metric.higherIsBetter ? champion - candidate : candidate - champion }

    var passed: Bool { !candidate.isNaN && shortfall <= allowed }

    var sentence: String {
        let f = GateOutcome.format
        let direction = metric.higherIsBetter ? "higher" : "lower"
        let verdict = shortfall <= 0 ? "at least as good as" : passed ? "worse, within the tolerance \(f(allowed)), than" : "worse by \(f(shortfall)), more than the tolerance \(f(allowed)), than"
        return "the candidate's \(metric.name) = \(f(candidate)) is \(verdict) the champion's \(f(champion)) (\(direction) is better)"
    }

    var json: [(String, JSONText)] {
        [("difference", .number(candidate - champion)), ("worse_by", .number(max(0, shortfall))),
         ("tolerance", .number(tolerance)), ("relative_tolerance", .number(relativeTolerance)), ("allowed", .number(allowed)),
         ("passed", .bool(passed))]
    }
}
