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
    /// One slot of the table: the value's hash, length and code (code + 1; 0 when
    /// empty), so a probe touches one cache line before comparing bytes.
    private struct Slot {
        var hash: UInt64
        var length: Int32
        var code: Int32
    }
    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int

    init() {
        mask = 63
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: mask + 1)
        slots.initialize(repeating: Slot(hash: 0, length: 0, code: 0), count: mask + 1)
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
            if entry.code == 0 { break }
            if entry.hash == hash && Int(entry.length) == length {
                let code = Int(entry.code - 1)
                if ByteDictionary.equal(arena.base.unsafelyUnwrapped + starts[code], start, length) {
                    return (Int32(code), false)
                }
            }
            slot = (slot + 1) & mask
        }
        let code = count
        arena.append(contentsOf: start, count: length)
        starts.append(arena.count)
        slots[slot] = Slot(hash: hash, length: Int32(truncatingIfNeeded: length), code: Int32(code + 1))
        if count * 2 > mask { grow() }
        return (Int32(code), true)
    }

    /// Byte equality without a call for short values.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        if length > 16 { return memcmp(a, b, length) == 0 }
        var index = 0
        while index + 8 <= length {
            if UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self) { return false }
            index += 8
        }
        while index < length {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }

    private mutating func grow() {
        let newMask = mask * 2 + 1
        let newSlots = UnsafeMutablePointer<Slot>.allocate(capacity: newMask + 1)
        newSlots.initialize(repeating: Slot(hash: 0, length: 0, code: 0), count: newMask + 1)
        for index in 0...mask where slots[index].code != 0 {
            var slot = Int(truncatingIfNeeded: slots[index].hash) & newMask
            while newSlots[slot].code != 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = slots[index]
        }
        slots.deallocate()
        slots = newSlots
        mask = newMask
    }

    mutating func free() {
        arena.free()
        starts.free()
        slots.deallocate()
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: 1)
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
