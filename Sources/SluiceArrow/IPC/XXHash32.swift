/// xxHash32 (seed 0 unless given), the checksum of LZ4 frames: the header byte, and the
/// optional block and content checksums.
package enum XXHash32 {
    private static let prime1: UInt32 = 0x9E37_79B1, prime2: UInt32 = 0x85EB_CA77, prime3: UInt32 = 0xC2B2_AE3D
    private static let prime4: UInt32 = 0x27D4_EB2F, prime5: UInt32 = 0x1656_67B1

    package static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return avalanche(seed &+ prime5) }
        func word(_ at: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        var at = 0
        var hash: UInt32
        if count >= 16 {
            var lanes = (seed &+ prime1 &+ prime2, seed &+ prime2, seed, seed &- prime1)
            while at + 16 <= count {
                lanes.0 = round(lanes.0, word(at))
                lanes.1 = round(lanes.1, word(at + 4))
                lanes.2 = round(lanes.2, word(at + 8))
                lanes.3 = round(lanes.3, word(at + 12))
                at += 16
            }
            hash = rotate(lanes.0, 1) &+ rotate(lanes.1, 7) &+ rotate(lanes.2, 12) &+ rotate(lanes.3, 18)
        } else {
            hash = seed &+ prime5
        }
        hash &+= UInt32(truncatingIfNeeded: count)
        while at + 4 <= count {
            hash = rotate(hash &+ word(at) &* prime3, 17) &* prime4
            at += 4
        }
        while at < count {
            hash = rotate(hash &+ UInt32(base.load(fromByteOffset: at, as: UInt8.self)) &* prime5, 11) &* prime1
            at += 1
        }
        return avalanche(hash)
    }

    @inline(__always)
    private static func round(_ lane: UInt32, _ input: UInt32) -> UInt32 {
        rotate(lane &+ input &* prime2, 13) &* prime1
    }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ bits: UInt32) -> UInt32 { (value << bits) | (value >> (32 - bits)) }

    private static func avalanche(_ value: UInt32) -> UInt32 {
        var hash = value
        hash ^= hash >> 15
        hash = hash &* prime2
        hash ^= hash >> 13
        hash = hash &* prime3
        hash ^= hash >> 16
        return hash
    }
}
