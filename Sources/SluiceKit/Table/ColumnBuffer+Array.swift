/// Keeps a Swift array alive as the memory of a column buffer.
///
/// @unchecked Sendable: the array is immutable once stored (a `let`), so every thread
/// only reads it.
private final class ArrayOwner<Element: BitwiseCopyable>: @unchecked Sendable {
    let array: [Element]
    init(_ array: [Element]) { self.array = array }
}

extension ColumnBuffer {
    /// A buffer over the elements of `array`, taking the array over instead of copying it.
    ///
    /// Why this is sound: on Linux an `Array` always keeps its elements in one native heap
    /// object, which never moves while it is alive; the owner holds it in a `let`, so it is
    /// never mutated (a caller that mutates its own copy later gets a fresh copy, by
    /// copy-on-write). Its elements start 16-byte aligned, enough for Arrow's C Data
    /// consumers, which need the natural alignment of the widest value (8 bytes).
    init<Element: BitwiseCopyable>(moving array: consuming [Element]) {
        let owner = ArrayOwner(array)
        let byteCount = owner.array.count * MemoryLayout<Element>.stride
        guard byteCount > 0, let address = owner.array.withUnsafeBytes({ $0.baseAddress }) else {
            self.init(zeroed: 0)
            return
        }
        self.init(borrowing: address, count: byteCount, owner: owner)
    }
}
