/// xxHash64 (seed 0): ZSTD's content checksum is its low 32 bits.
package enum XXHash64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87, prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9, prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    package static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        var at = 0
        func word64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.baseAddress!.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        var hash: UInt64
        if count >= 32 {
            var lanes = (seed &+ prime1 &+ prime2, seed &+ prime2, seed, seed &- prime1)
            while at + 32 <= count {
                lanes.0 = round(lanes.0, word64(at))
                lanes.1 = round(lanes.1, word64(at + 8))
                lanes.2 = round(lanes.2, word64(at + 16))
                lanes.3 = round(lanes.3, word64(at + 24))
                at += 32
            }
            hash = rotate(lanes.0, 1) &+ rotate(lanes.1, 7) &+ rotate(lanes.2, 12) &+ rotate(lanes.3, 18)
            for lane in [lanes.0, lanes.1, lanes.2, lanes.3] { hash = (hash ^ round(0, lane)) &* prime1 &+ prime4 }
        } else {
            hash = seed &+ prime5
        }
        hash &+= UInt64(count)
        while at + 8 <= count {
            hash = rotate(hash ^ round(0, word64(at)), 27) &* prime1 &+ prime4
            at += 8
        }
        if at + 4 <= count {
            let word = UInt64(UInt32(littleEndian: bytes.baseAddress!.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            hash = rotate(hash ^ (word &* prime1), 23) &* prime2 &+ prime3
            at += 4
        }
        while at < count {
            hash = rotate(hash ^ (UInt64(bytes[at]) &* prime5), 11) &* prime1
            at += 1
        }
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }

    @inline(__always)
    private static func round(_ lane: UInt64, _ input: UInt64) -> UInt64 { rotate(lane &+ input &* prime2, 31) &* prime1 }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 { (value << bits) | (value >> (64 - bits)) }
}
