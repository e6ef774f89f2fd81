/// Decodes one LZ4 block (the LZ4 Block Format): sequences of a token, literals copied
/// as they are, and a match copied from earlier output. Every length and offset is
/// checked against the input and the output before it is used, so damaged data ends in
/// an `DecompressionProblem`, never in a read or write outside the buffers.
package struct LZ4BlockDecoder {
    /// The block's compressed bytes, and where they start among the decoder's input (for errors).
    package let input: UnsafeRawBufferPointer
    package let inputOffset: Int
    /// The whole output of the frame; the block writes from `position` on.
    package let output: UnsafeMutableRawBufferPointer
    /// The earliest output a match may copy from: the block's start for independent
    /// blocks, the frame's start for linked ones.
    package let windowStart: Int

    /// Decodes the block, writing from `position`, which ends past the last byte written.
    package func decode(at position: inout Int) throws(DecompressionProblem) {
        guard let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw DecompressionProblem(offset: inputOffset, message: "an LZ4 block is empty (a block holds at least one token)")
        }
        let end = input.count
        let outputEnd = output.count
        let target = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var at = 0
        var written = position
        defer { position = written }

        func problem(_ message: String) -> DecompressionProblem { DecompressionProblem(offset: inputOffset + min(at, end), message: message) }
        /// A length nibble of 15 continues in the following bytes, each added, until one is not 255.
        func extended(_ base: Int, _ what: String) throws(DecompressionProblem) -> Int {
            var length = base
            guard base == 15 else { return length }
            while true {
                guard at < end else { throw problem("the block ends inside the length of a \(what)") }
                let byte = source[at]
                at += 1
                length += Int(byte)
                if byte != 255 { return length }
            }
        }

        while true {
            guard at < end else { throw problem("the block ends where a sequence should start") }
            let token = source[at]
            at += 1
            let literals = try extended(Int(token >> 4), "literal run")
            guard literals <= end - at else {
                throw problem("\(literals) literal bytes declared, but only \(end - at) remain in the block")
            }
            guard literals <= outputEnd - written else {
                throw problem("the data decompresses to more than the \(outputEnd) bytes the buffer declares")
            }
            if literals > 0 { (target! + written).update(from: source + at, count: literals) }
            at += literals
            written += literals
            // The last sequence of a block has literals only.
            if at == end { return }

            guard end - at >= 2 else { throw problem("the block ends inside a match offset") }
            let distance = Int(source[at]) | Int(source[at + 1]) << 8
            let offsetAt = at
            at += 2
            guard distance > 0, distance <= written - windowStart else {
                at = offsetAt
                throw problem("a match refers \(distance) bytes back, before the start of the data (\(written - windowStart) bytes decoded)")
            }
            let length = try extended(Int(token & 15), "match") + 4
            guard length <= outputEnd - written else {
                throw problem("the data decompresses to more than the \(outputEnd) bytes the buffer declares")
            }
            // A match may overlap its own output (a repeated pattern of period `distance`):
            // copy from its start in steps no longer than what lies between, which doubles each time.
            let from = written - distance
            var left = length
            while left > 0 {
                let step = min(left, written - from)
                (target! + written).update(from: target! + from, count: step)
                written += step
                left -= step
            }
        }
    }
}
