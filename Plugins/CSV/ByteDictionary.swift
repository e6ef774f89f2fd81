/// The distinct byte strings of a column, numbered in order of first appearance: an
/// open-addressing hash table over an arena of bytes. Looking a field up makes no
/// string and, for a value seen before, allocates nothing.
///
/// A plain struct of malloc'd buffers; the owner calls `free()`.
struct ByteDictionary {
    /// The bytes of every distinct value, one after another.
    private(set) var arena = GrowBuffer<UInt8>()
    /// Where value `code` starts in `arena`; `count + 1` entries.
    private(set) var starts = GrowBuffer<Int>()
    private var hashes = GrowBuffer<UInt64>()
    /// code + 1 per slot, 0 when empty.
    private var slots: UnsafeMutablePointer<Int32>
    private var mask: Int

    init() {
        mask = 63
        slots = UnsafeMutablePointer<Int32>.allocate(capacity: mask + 1)
        slots.initialize(repeating: 0, count: mask + 1)
        starts.append(0)
    }

    /// The number of distinct values.
    var count: Int { starts.count - 1 }

    /// The bytes of value `code`.
    func value(_ code: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena.base.map { UnsafePointer($0) + starts[code] }, count: starts[code + 1] - starts[code])
    }

    /// The code of these bytes, adding them when new.
    @inline(__always)
    mutating func code(_ start: UnsafePointer<UInt8>, _ length: Int) -> (code: Int32, isNew: Bool) {
        let hash = ByteDictionary.hash(start, length)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let code = Int(entry - 1)
            if hashes[code] == hash {
                let from = starts[code]
                if starts[code + 1] - from == length && (length == 0 || memcmp(arena.base.unsafelyUnwrapped + from, start, length) == 0) {
                    return (Int32(code), false)
                }
            }
            slot = (slot + 1) & mask
        }
        let code = count
        arena.append(contentsOf: start, count: length)
        starts.append(arena.count)
        hashes.append(hash)
        slots[slot] = Int32(code + 1)
        if count * 2 > mask { grow() }
        return (Int32(code), true)
    }

    private mutating func grow() {
        let newMask = mask * 2 + 1
        let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: newMask + 1)
        newSlots.initialize(repeating: 0, count: newMask + 1)
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & newMask
            while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = Int32(code + 1)
        }
        slots.deallocate()
        slots = newSlots
        mask = newMask
    }

    mutating func free() {
        arena.free()
        starts.free()
        hashes.free()
        slots.deallocate()
        slots = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        mask = 0
    }

    /// A fast 64-bit hash of short byte strings (multiply-xorshift over 8-byte words).
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
        var p = UnsafeRawPointer(start)
        var left = length
        while left >= 8 {
            h = (h ^ p.loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            p += 8
            left -= 8
        }
        if left > 0 {
            var tail: UInt64 = 0
            for index in 0..<left { tail |= UInt64(p.load(fromByteOffset: index, as: UInt8.self)) << UInt64(index * 8) }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
