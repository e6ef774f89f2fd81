import Foundation

/// Population stability index: how far the current distribution of a feature has moved
/// from the reference, over bins fitted on the reference.
///
/// PSI = Σ over bins of (c − r) · ln(c / r), where r and c are the shares of the
/// reference and current values in the bin, each raised to at least `floor` first so
/// that an empty bin gives a large but finite term instead of ln(0). Shares are not
/// renormalised after flooring. Nulls (and NaN) take no part: they are measured by the
/// null share.
///
/// Numeric binning rule: the edges are the reference's quantiles at 1/B, 2/B, …,
/// (B−1)/B (linear interpolation, as `numpy.quantile`), with repeated edges kept once.
/// The bins are (−∞, e₁], (e₁, e₂], …, (e_last, +∞): a value equal to an edge falls in
/// the bin below it, and values outside the reference's range fall in the outer bins.
/// Ties can therefore give fewer than B bins; a constant reference gives two.
///
/// Categorical binning rule: one bin per category seen in the reference, plus one bin
/// for every current category the reference never had (reference share 0, floored).
package struct PopulationStabilityIndex: Sendable, Equatable {
    /// One bin's shares and its term of the sum.
    package struct Bin: Sendable, Equatable {
        /// The bin's upper edge (numeric; +∞ for the last), or its category ("" for the unseen bin).
        package var label: String
        package var upperEdge: Double?
        package var referenceShare: Double
        package var currentShare: Double
        /// (c − r) · ln(c / r) with the floored shares.
        package var term: Double
    }

    /// The index, Σ of the bins' terms.
    package var value: Double
    package var bins: [Bin]

    /// The default number of quantile bins, and the default floor for a share.
    package static let defaultBins = 10
    package static let defaultFloor = 1e-4

    /// PSI of numeric samples over `bins` quantile bins of `reference`.
    package static func numeric(reference: SortedSample, current: SortedSample, bins: Int = defaultBins,
                                floor: Double = defaultFloor) throws(DriftStatisticsError) -> PopulationStabilityIndex {
        guard bins >= 1 else { throw .invalidParameter("PSI needs at least 1 bin, got \(bins)") }
        try check(floor: floor)
        guard !reference.isEmpty else { throw .emptySample("the reference sample") }
        guard !current.isEmpty else { throw .emptySample("the current sample") }
        let edges = quantileEdges(of: reference, bins: bins)
        var result: [Bin] = []
        var below = (reference: 0, current: 0)
        for edge in edges + [.infinity] {
            let upTo = (reference: reference.countNotAbove(edge), current: current.countNotAbove(edge))
            result.append(bin(
                label: edge.isFinite ? "<= \(edge)" : "> \(edges.last.map { "\($0)" } ?? "-inf")", upperEdge: edge,
                reference: Double(upTo.reference - below.reference) / Double(reference.count),
                current: Double(upTo.current - below.current) / Double(current.count), floor: floor
            ))
            below = upTo
        }
        return PopulationStabilityIndex(value: sum(result), bins: result)
    }

    /// The distinct reference quantiles at 1/B … (B−1)/B, ascending.
    package static func quantileEdges(of reference: SortedSample, bins: Int) -> [Double] {
        var edges: [Double] = []
        for k in 1..<max(bins, 1) {
            let edge = reference.quantile(Double(k) / Double(bins))
            if edges.last != edge { edges.append(edge) }
        }
        return edges
    }

    /// PSI of categorical samples given as counts per category (nulls left out).
    package static func categorical(reference: CategoryCounts, current: CategoryCounts,
                                    floor: Double = defaultFloor) throws(DriftStatisticsError) -> PopulationStabilityIndex {
        try check(floor: floor)
        guard reference.total > 0 else { throw .emptySample("the reference sample") }
        guard current.total > 0 else { throw .emptySample("the current sample") }
        var result: [Bin] = reference.categories.map { category in
            bin(label: category, upperEdge: nil, reference: reference.share(of: category),
                current: current.share(of: category), floor: floor)
        }
        let unseen = current.total - current.count(inCategoriesOf: reference)
        if unseen > 0 {
            result.append(bin(label: "", upperEdge: nil, reference: 0, current: Double(unseen) / Double(current.total), floor: floor))
        }
        return PopulationStabilityIndex(value: sum(result), bins: result)
    }

    private static func check(floor: Double) throws(DriftStatisticsError) {
        guard floor > 0, floor < 1 else { throw .invalidParameter("the PSI floor must be between 0 and 1 (exclusive), got \(floor)") }
    }

    private static func bin(label: String, upperEdge: Double?, reference: Double, current: Double, floor: Double) -> Bin {
        let r = max(reference, floor), c = max(current, floor)
        return Bin(label: label, upperEdge: upperEdge, referenceShare: reference, currentShare: current, term: (c - r) * log(c / r))
    }

    private static func sum(_ bins: [Bin]) -> Double {
        bins.reduce(0) { $0 + $1.term }
    }
}
