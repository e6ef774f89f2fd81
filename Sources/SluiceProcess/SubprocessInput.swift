extension Subprocess {
    /// What the child reads on its standard input.
    package enum Input: Sendable {
        /// The null device: the child reads end of file at once.
        case null
        /// These bytes, then end of file. They are written from the same poll loop that
        /// reads the child's output, so a large body cannot deadlock against a child that
        /// writes a lot before it reads everything.
        case bytes([UInt8])
    }
}
