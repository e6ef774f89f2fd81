import Dispatch
import Glibc

/// Running every tree over a batch: blocks of rows descend one tree after another (the
/// tree stays in cache for the block), each row's leaf votes combined in tree order —
/// the order, and the precision T, onnxruntime sums in. Large batches are split across
/// the cores.
extension Forest {
    /// Per-row scores [rows × targets] in T, and whether any vote reached each score
    /// (what MIN, MAX and the classifiers' label choice look at).
    struct Scores {
        var values: [T]
        var present: [Bool]
    }

    /// Rows per block: small enough that the block's features and leaves stay in L1
    /// next to the tree, large enough that switching trees is rare.
    static var blockRows: Int { 128 }
    /// Below this many rows a batch runs on the calling thread.
    static var parallelRows: Int { 2_000 }

    func scores(_ features: UnsafeBufferPointer<T>, rows: Int, columns: Int, aggregation: Aggregation, needPresence: Bool) -> Scores {
        let width = targets
        let total = rows * width
        var present = [Bool](repeating: false, count: needPresence || aggregation == .minimum || aggregation == .maximum ? total : 0)
        var values = [T](repeating: 0, count: total)
        guard let base = features.baseAddress, rows > 0, width > 0 else { return Scores(values: values, present: present) }
        values.withUnsafeMutableBufferPointer { valueBuffer in
            present.withUnsafeMutableBufferPointer { presentBuffer in
                guard let out = valueBuffer.baseAddress else { return }
                let flags = presentBuffer.isEmpty ? nil : presentBuffer.baseAddress
                let workers = rows >= Self.parallelRows ? min(Self.processorCount, rows / (Self.parallelRows / 2)) : 1
                if workers <= 1 {
                    accumulate(rows: 0 ..< rows, features: base, columns: columns, aggregation: aggregation, values: out, present: flags)
                } else {
                    let chunk = (rows + workers - 1) / workers
                    let shared = SharedBuffers(features: base, values: out, present: flags)
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let lower = worker * chunk
                        let upper = min(rows, lower + chunk)
                        if lower < upper {
                            accumulate(rows: lower ..< upper, features: shared.features, columns: columns, aggregation: aggregation, values: shared.values, present: shared.present)
                        }
                    }
                }
            }
        }
        return Scores(values: values, present: present)
    }

    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    private func accumulate(rows: Range<Int>, features: UnsafePointer<T>, columns: Int, aggregation: Aggregation, values: UnsafeMutablePointer<T>, present: UnsafeMutablePointer<Bool>?) {
        branches.withUnsafeBufferPointer { branchBuffer in
            leafValue.withUnsafeBufferPointer { leafValues in
                voteStart.withUnsafeBufferPointer { starts in
                    voteTarget.withUnsafeBufferPointer { voteTargets in
                        voteWeight.withUnsafeBufferPointer { voteWeights in
                            withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.blockRows) { leafBuffer in
                                guard let leaves = leafBuffer.baseAddress else { return }
                                let votes = Votes(leafValues: leafValues, starts: starts, targets: voteTargets, weights: voteWeights)
                                var start = rows.lowerBound
                                while start < rows.upperBound {
                                    let block = start ..< min(rows.upperBound, start + Self.blockRows)
                                    let tracking = anyMissingGoesTrue && Self.hasNaN(features + block.lowerBound * columns, count: block.count * columns)
                                    if block.count < 4, uniformMode != nil, !tracking {
                                        for r in block {
                                            var tree = 0
                                            while tree < roots.count {
                                                let group = tree ..< min(roots.count, tree + 4)
                                                descendAcross(trees: group, row: features + r * columns, branches: branchBuffer, leaves: leaves)
                                                for lane in group.indices {
                                                    add(votes, leaves: leaves + (lane - tree), rows: r ..< r + 1, aggregation: aggregation, values: values, present: present)
                                                }
                                                tree = group.upperBound
                                            }
                                        }
                                        start = block.upperBound
                                        continue
                                    }
                                    for tree in roots.indices {
                                        descend(tree: tree, rows: block, features: features, columns: columns, branches: branchBuffer, leaves: leaves, tracking: tracking)
                                        add(votes, leaves: leaves, rows: block, aggregation: aggregation, values: values, present: present)
                                    }
                                    start = block.upperBound
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether a block of features holds a NaN: only then do the nodes' missing-value
    /// flags matter, and the plain descent serves the rest.
    private static func hasNaN(_ values: UnsafePointer<T>, count: Int) -> Bool {
        var found = false
        for i in 0 ..< count where values[i].isNaN { found = true }
        return found
    }

    /// The batch's buffers, handed to the workers: each writes only its own rows' scores.
    private struct SharedBuffers: @unchecked Sendable {
        var features: UnsafePointer<T>
        var values: UnsafeMutablePointer<T>
        var present: UnsafeMutablePointer<Bool>?
    }

    private struct Votes {
        var leafValues: UnsafeBufferPointer<T>
        var starts: UnsafeBufferPointer<Int32>
        var targets: UnsafeBufferPointer<Int32>
        var weights: UnsafeBufferPointer<T>
    }

    @inline(__always)
    private func add(_ votes: Votes, leaves: UnsafeMutablePointer<Int32>, rows: Range<Int>, aggregation: Aggregation, values: UnsafeMutablePointer<T>, present: UnsafeMutablePointer<Bool>?) {
        let width = targets
        if width == 1, present == nil {
            // One target summed or averaged: one add per row.
            for r in rows { values[r] += votes.leafValues[Int(leaves[r - rows.lowerBound])] }
            return
        }
        for r in rows {
            let leaf = Int(leaves[r - rows.lowerBound])
            let range = oneVotePerLeaf ? leaf ..< leaf + 1 : Int(votes.starts[leaf]) ..< Int(votes.starts[leaf + 1])
            let rowBase = r * width
            for v in range {
                let slot = rowBase + Int(votes.targets[v])
                let weight = votes.weights[v]
                switch aggregation {
                case .sum, .average:
                    values[slot] += weight
                case .minimum:
                    if !(present?[slot] ?? true) || weight < values[slot] { values[slot] = weight }
                case .maximum:
                    if !(present?[slot] ?? true) || weight > values[slot] { values[slot] = weight }
                }
                present?[slot] = true
            }
        }
    }
}
