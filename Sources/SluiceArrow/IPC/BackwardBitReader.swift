/// Reads a ZSTD bitstream from its end towards its start, as the format writes them:
/// the last byte's highest set bit marks where the data ends, and values are read from
/// the most significant bits down. Reading past the start yields zeros (Huffman
/// decoding peeks ahead there); `overflowed` tells whether that happened.
package struct BackwardBitReader {
    private let bytes: UnsafeRawBufferPointer
    /// Bits not yet read: positions `0..<position`, bit 0 being the lowest bit of byte 0.
    private(set) var position: Int

    /// Throws when the stream is empty or its last byte is zero (no end mark).
    package init(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DecompressionProblem) {
        guard let last = bytes.last, last != 0 else {
            throw DecompressionProblem(offset: offset + max(0, bytes.count - 1), message: "a ZSTD bitstream is empty or lacks its end mark")
        }
        self.bytes = bytes
        position = bytes.count * 8 - last.leadingZeroBitCount - 1
    }

    package var overflowed: Bool { position < 0 }
    package var isEmpty: Bool { position == 0 }

    /// The next `count` bits (at most 56), without consuming them.
    @inline(__always)
    package func peek(_ count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        let start = position - count
        let mask: UInt64 = (1 << UInt64(count)) - 1
        if start >= 0, (start >> 3) + 8 <= bytes.count {
            // The usual case: one unaligned 8-byte load holds all the bits (count + 7 <= 63).
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start >> 3, as: UInt64.self))
            return (word >> UInt64(start & 7)) & mask
        }
        // The bytes covering bit positions start..<position, gathered little-endian.
        let firstByte = start >> 3  // may be negative: missing bytes read as zero
        var value: UInt64 = 0
        var index = (position - 1) >> 3
        while index >= firstByte {
            value = (value << 8) | (index >= 0 && index < bytes.count ? UInt64(bytes[index]) : 0)
            index -= 1
        }
        let shift = start - firstByte * 8
        return (value >> UInt64(shift)) & mask
    }

    @inline(__always)
    package mutating func read(_ count: Int) -> UInt64 {
        let value = peek(count)
        position -= count
        return value
    }

    package mutating func skip(_ count: Int) { position -= count }
}
