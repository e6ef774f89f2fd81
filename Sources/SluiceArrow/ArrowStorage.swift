#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory that Arrow buffers live in: either a 64-byte-aligned allocation the host
/// owns or a read-only mapping of a file. Buffers are views into a storage and keep it
/// alive, so a storage can be lent zero-copy (later through the Arrow C Data Interface,
/// whose `release` callback would drop the last reference).
///
/// @unchecked Sendable: the bytes are written only by whoever creates the storage,
/// before it is shared; afterwards they are only read. The pointer never changes.
package final class ArrowStorage: @unchecked Sendable {
    /// Arrow recommends 64-byte alignment (one cache line, the widest SIMD register).
    package static let alignment = 64

    package let baseAddress: UnsafeMutableRawPointer
    /// The usable bytes. An allocation is padded with zeros to a multiple of 64 beyond it.
    package let count: Int
    private let release: Release

    private enum Release {
        case deallocate
        case unmap(length: Int)
        /// Memory another Arrow producer lent through the C Data Interface; `owner`
        /// calls the producer's release callback when the last view goes.
        case foreign(owner: AnyObject)
    }

    /// Allocates `count` bytes aligned to 64. The bytes are uninitialized except the
    /// padding up to the next multiple of 64, which is zeroed so that vectorized
    /// readers (and bitmaps read a whole byte at a time) never see garbage.
    package init(allocating count: Int) {
        precondition(count >= 0, "a negative byte count is a programming error")
        let padded = max(ArrowStorage.paddedLength(count), ArrowStorage.alignment)
        baseAddress = UnsafeMutableRawPointer.allocate(byteCount: padded, alignment: ArrowStorage.alignment)
        (baseAddress + count).initializeMemory(as: UInt8.self, repeating: 0, count: padded - count)
        self.count = count
        release = .deallocate
        mapsFile = false
    }

    /// Allocates a copy of `bytes`.
    package convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(allocating: bytes.count)
        if let source = bytes.baseAddress, bytes.count > 0 {
            baseAddress.copyMemory(from: source, byteCount: bytes.count)
        }
    }

    /// Takes ownership of a mapping made with `mmap` (of a file, or anonymous memory);
    /// unmaps it when the last buffer goes.
    package init(mapping: UnsafeMutableRawPointer, length: Int, ofFile: Bool = false) {
        baseAddress = mapping
        count = length
        release = .unmap(length: length)
        mapsFile = ofFile
    }

    /// A view of memory owned by `owner` (an imported C Data array), not copied.
    package init(foreign address: UnsafeRawPointer, count: Int, owner: AnyObject) {
        baseAddress = UnsafeMutableRawPointer(mutating: address)
        self.count = count
        release = .foreign(owner: owner)
        mapsFile = false
    }

    /// The bytes are a shared view of a file's pages (not a copy of the file).
    package let mapsFile: Bool

    deinit {
        switch release {
        case .deallocate: baseAddress.deallocate()
        case .unmap(let length): munmap(baseAddress, length)
        case .foreign: break  // dropping `owner` releases the producer's memory
        }
    }

    /// All the usable bytes, for reading.
    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: baseAddress, count: count) }

    /// `length` rounded up to a multiple of 64.
    package static func paddedLength(_ length: Int) -> Int {
        (length + alignment - 1) & ~(alignment - 1)
    }
}
