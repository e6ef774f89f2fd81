/// What happens to the bytes read from one of the child's output streams: kept (up to a
/// limit) or cut into lines for a callback.
struct OutputCollector {
    private enum Mode {
        case capture(limit: Int?)
        case lines((String) -> Void)
    }

    private let mode: Mode
    // Beside the mode, not inside it: mutated in an enum payload it would be copied for
    // every chunk.
    private var splitter = LineSplitter()
    private(set) var captured: [UInt8] = []
    private(set) var truncated = false

    /// nil for `.discard`, which gets the null device and no pipe.
    init?(_ output: Subprocess.Output) {
        switch output {
        case .discard: return nil
        case .capture(let limit): mode = .capture(limit: limit)
        case .lines(let callback): mode = .lines(callback)
        }
    }

    mutating func take(_ chunk: ArraySlice<UInt8>) {
        switch mode {
        case .capture(nil):
            captured.append(contentsOf: chunk)
        case .capture(let limit?):
            let room = max(limit - captured.count, 0)
            captured.append(contentsOf: chunk.prefix(room))
            if chunk.count > room { truncated = true }
        case .lines(let callback):
            splitter.feed(chunk, to: callback)
        }
    }

    mutating func finish() {
        if case .lines(let callback) = mode { splitter.finish(to: callback) }
    }
}
