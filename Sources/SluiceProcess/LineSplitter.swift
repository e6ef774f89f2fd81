/// Cuts a byte stream into lines at "\n", keeping an unfinished line until more bytes
/// come or the stream ends.
struct LineSplitter {
    /// A longer line is passed on in pieces of at most this many bytes, so that a child
    /// that prints without newlines cannot make this process hold everything it wrote.
    static let longestLine = 65536

    private var pending: [UInt8] = []

    mutating func feed(_ chunk: ArraySlice<UInt8>, to deliver: (String) -> Void) {
        var rest = chunk
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            pending.append(contentsOf: rest[rest.startIndex..<newline])
            rest = rest[rest.index(after: newline)...]
            deliverPending(to: deliver)
        }
        pending.append(contentsOf: rest)
        // Strictly longer, so that a line of exactly the limit followed by its "\n" is
        // one line, not a piece and an empty line.
        while pending.count > Self.longestLine {
            let cut = characterBoundary(atOrBefore: Self.longestLine)
            deliver(String(decoding: pending[..<cut], as: UTF8.self))
            pending.removeFirst(cut)
        }
    }

    /// The unfinished last line, if there is one.
    mutating func finish(to deliver: (String) -> Void) {
        if !pending.isEmpty { deliverPending(to: deliver) }
    }

    private mutating func deliverPending(to deliver: (String) -> Void) {
        // Output written for a terminal or by Windows tools ends lines with "\r\n"; a log
        // line ending in "\r" is never wanted.
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        deliver(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }

    /// Moves a cut back off UTF-8 continuation bytes (10xxxxxx), so that a piece does not
    /// end in half a character that would decode as U+FFFD.
    private func characterBoundary(atOrBefore limit: Int) -> Int {
        var cut = limit
        while cut > limit - 3, pending[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }
}
