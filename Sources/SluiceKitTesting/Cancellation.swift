/// When the fake host's `is_cancelled` starts answering 1, to test that a stage stops.
public enum Cancellation: Sendable, Equatable {
    /// Never cancelled.
    case never
    /// Cancelled from the start: the first check already answers 1.
    case immediately
    /// The first `count` checks answer 0, every later one 1 (a user cancelling mid-run).
    case afterChecks(Int)

    /// The answer to check number `index` (0 for the first).
    func isCancelled(check index: Int) -> Bool {
        switch self {
        case .never: false
        case .immediately: true
        case .afterChecks(let count): index >= count
        }
    }
}
