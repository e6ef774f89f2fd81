/// Which values of a column are present, one bit per value in Arrow's layout (bit `i`
/// is bit `i % 8` of byte `i / 8`, least significant first; 1 = present, 0 = null).
///
/// Build one beside a plain values array and hand both to a column builder such as
/// `Column(_:float64:validity:)`: the bitmap's bytes become the column's validity
/// buffer as they are, with no per-value optionals.
public struct ValidityBitmap: Sendable, Equatable {
    /// The bits, `(count + 7) / 8` bytes; bits past `count` are zero.
    public private(set) var bytes: [UInt8]
    /// The number of values it describes.
    public let count: Int
    /// The number of nulls (clear bits).
    public private(set) var nullCount: Int

    /// `count` values, all present.
    public init(count: Int) {
        let count = max(0, count)
        var bytes = [UInt8](repeating: 0xFF, count: (count + 7) / 8)
        if count % 8 != 0 { bytes[bytes.count - 1] = UInt8(truncatingIfNeeded: (1 << (count % 8)) - 1) }
        self.bytes = bytes
        self.count = count
        nullCount = 0
    }

    /// Bits already in Arrow's layout (e.g. from another Arrow library). Throws when
    /// there are fewer than `(count + 7) / 8` bytes; bits past `count` are ignored.
    public init(arrowBits bytes: consuming [UInt8], count: Int) throws {
        let needed = (max(0, count) + 7) / 8
        guard count >= 0, bytes.count >= needed else {
            throw StageError.invalidInput("a validity bitmap of \(count) values needs \(needed) bytes, got \(bytes.count)")
        }
        var bytes = bytes
        if bytes.count > needed { bytes.removeLast(bytes.count - needed) }
        if count % 8 != 0 { bytes[needed - 1] &= UInt8(truncatingIfNeeded: (1 << (count % 8)) - 1) }
        self.bytes = bytes
        self.count = count
        nullCount = count - bytes.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// Whether value `index` is present. `index` must be in `0..<count`.
    public func isValid(_ index: Int) -> Bool {
        bytes[index >> 3] & (1 << UInt8(index & 7)) != 0
    }

    /// Marks value `index` as null. `index` must be in `0..<count`.
    public mutating func setNull(_ index: Int) {
        precondition(index >= 0 && index < count, "index \(index) outside a validity bitmap of \(count) values")
        let mask: UInt8 = 1 << UInt8(index & 7)
        if bytes[index >> 3] & mask != 0 {
            bytes[index >> 3] &= ~mask
            nullCount += 1
        }
    }

    /// Marks value `index` as present. `index` must be in `0..<count`.
    public mutating func setValid(_ index: Int) {
        precondition(index >= 0 && index < count, "index \(index) outside a validity bitmap of \(count) values")
        let mask: UInt8 = 1 << UInt8(index & 7)
        if bytes[index >> 3] & mask == 0 {
            bytes[index >> 3] |= mask
            nullCount -= 1
        }
    }
}
