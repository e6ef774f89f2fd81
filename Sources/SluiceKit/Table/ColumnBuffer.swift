/// Immutable bytes a column's values live in: allocated by the SDK, or lent by the
/// host through the Arrow C Data Interface. A value, not an object: a view of lent
/// memory is a pointer and a reference to what owns it, so receiving a column costs
/// no allocation (a column crossing the boundary is on the path of every served row).
///
/// @unchecked Sendable: the bytes are written only while a column is being built,
/// before anyone else can see them; afterwards they are only read.
struct ColumnBuffer: @unchecked Sendable {
    let address: UnsafeRawPointer
    let count: Int
    /// What keeps the bytes alive: the SDK's allocation, a Swift array, or the host's
    /// array (which releases the host's memory when the last column using it goes).
    private let owner: AnyObject

    /// Allocates `count` zeroed bytes, 64-byte aligned as Arrow recommends.
    init(zeroed count: Int) {
        let padded = max((count + 63) & ~63, 64)
        let memory = UnsafeMutableRawPointer.allocate(byteCount: padded, alignment: 64)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: padded)
        address = UnsafeRawPointer(memory)
        self.count = count
        owner = Allocation(memory)
    }

    /// A view of memory someone else owns.
    init(borrowing address: UnsafeRawPointer, count: Int, owner: AnyObject) {
        self.address = address
        self.count = count
        self.owner = owner
    }

    /// Writable access, only while the buffer is being built.
    var mutableAddress: UnsafeMutableRawPointer { UnsafeMutableRawPointer(mutating: address) }

    /// A copy of the bytes `range` of another buffer.
    static func copying(_ source: UnsafeRawPointer, count: Int) -> ColumnBuffer {
        let buffer = ColumnBuffer(zeroed: count)
        if count > 0 { buffer.mutableAddress.copyMemory(from: source, byteCount: count) }
        return buffer
    }

    func bit(_ index: Int) -> Bool {
        address.load(fromByteOffset: index >> 3, as: UInt8.self) & (1 << UInt8(index & 7)) != 0
    }

    /// A bitmap of `count` bits set by `isSet`.
    static func bitmap(_ count: Int, _ isSet: (Int) -> Bool) -> ColumnBuffer {
        let buffer = ColumnBuffer(zeroed: (count + 7) / 8)
        let bytes = buffer.mutableAddress.assumingMemoryBound(to: UInt8.self)
        for index in 0..<count where isSet(index) { bytes[index >> 3] |= 1 << UInt8(index & 7) }
        return buffer
    }
}

/// Memory the SDK allocated for a buffer, freed with the last buffer viewing it.
/// @unchecked Sendable: the pointer never changes; see `ColumnBuffer`.
private final class Allocation: @unchecked Sendable {
    let memory: UnsafeMutableRawPointer
    init(_ memory: UnsafeMutableRawPointer) { self.memory = memory }
    deinit { memory.deallocate() }
}
