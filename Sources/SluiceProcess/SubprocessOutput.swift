extension Subprocess {
    /// Where one of the child's output streams goes.
    package enum Output {
        /// The null device.
        case discard
        /// Kept, and returned in the result. Past `limit` bytes the rest is read and
        /// dropped (so the child is never blocked on a full pipe) and the result says the
        /// capture was truncated.
        case capture(limit: Int? = nil)
        /// Each line, without its "\n" (nor a "\r" before it), passed to the callback on
        /// the calling thread as soon as it is read; an unfinished last line is passed
        /// when the stream ends. A line longer than 64 KiB arrives in pieces, so that a
        /// child printing no newline cannot make this process hold all it wrote. Lines
        /// are not kept in the result.
        case lines((String) -> Void)
    }
}
