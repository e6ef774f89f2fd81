/// A classifier's labels: int64 or string, from whichever of the two attributes is set.
enum ClassLabels: Sendable, Equatable {
    case int64s([Int64])
    case strings([String])

    init(_ node: Node, ints intsKey: String, strings stringsKey: String) throws(ONNXError) {
        let ints = try node.ints(intsKey)
        let strings = try node.strings(stringsKey)
        switch (ints, strings) {
        case (let ints?, nil): self = .int64s(ints)
        case (nil, let strings?): self = .strings(strings)
        case (.some(let ints), .some(let strings)) where ints.isEmpty != strings.isEmpty:
            self = ints.isEmpty ? .strings(strings) : .int64s(ints)
        case (.some, .some): throw node.invalid(intsKey, "and '\(stringsKey)' are both set; exactly one of them must be")
        case (nil, nil): throw node.invalid(intsKey, "is absent and so is '\(stringsKey)'; exactly one of them must be set")
        }
    }

    var count: Int {
        switch self {
        case .int64s(let v): v.count
        case .strings(let v): v.count
        }
    }

    /// The label tensor [N] for the chosen class of each row.
    func tensor(_ chosen: [Int]) -> Tensor {
        switch self {
        case .int64s(let labels): Tensor(shape: [chosen.count], int64s: chosen.map { labels[$0] })
        case .strings(let labels): Tensor(shape: [chosen.count], strings: chosen.map { labels[$0] })
        }
    }
}
