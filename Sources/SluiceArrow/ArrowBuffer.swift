/// A contiguous run of bytes inside an `ArrowStorage`: one Arrow buffer (a validity
/// bitmap, values, offsets). Cheap to copy; keeps its storage alive.
///
/// Every buffer the host makes or reads starts at an address aligned to at least 8
/// bytes (64 for those it allocates), so typed access never traps on alignment and the
/// buffer can be handed to another Arrow implementation as it is.
package struct ArrowBuffer: Sendable {
    package let storage: ArrowStorage
    /// Where the buffer starts inside `storage`, in bytes.
    package let offset: Int
    /// Its length in bytes.
    package let count: Int

    /// A view of `count` bytes at `offset` in `storage`. The range must lie inside it.
    package init(storage: ArrowStorage, offset: Int = 0, count: Int? = nil) {
        let count = count ?? storage.count - offset
        precondition(offset >= 0 && count >= 0 && offset <= storage.count - count, "buffer range outside its storage")
        self.storage = storage
        self.offset = offset
        self.count = count
    }

    /// A fresh buffer of `count` zeroed bytes.
    package static func zeroed(_ count: Int) -> ArrowBuffer {
        let storage = ArrowStorage(allocating: count)
        storage.baseAddress.initializeMemory(as: UInt8.self, repeating: 0, count: count)
        return ArrowBuffer(storage: storage)
    }

    /// The address of the first byte; valid while this buffer (or its storage) lives.
    package var baseAddress: UnsafeRawPointer { UnsafeRawPointer(storage.baseAddress + offset) }

    /// Calls `body` with the bytes, keeping the storage alive meanwhile.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafeRawBufferPointer(start: baseAddress, count: count))
        }
    }

    /// Calls `body` with the first `elements` values as `T`. The caller has checked that
    /// the buffer holds them; the buffer's alignment guarantees the binding is legal.
    package func withValues<T, R>(as type: T.Type, count elements: Int, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(elements >= 0 && elements <= count / MemoryLayout<T>.stride, "buffer too small for \(elements) values")
        return try withExtendedLifetime(storage) {
            try baseAddress.withMemoryRebound(to: T.self, capacity: elements) {
                try body(UnsafeBufferPointer(start: $0, count: elements))
            }
        }
    }
}
