/// Where an empty Swift buffer, which may have no address, points when handed to C:
/// libzstd and liblz4 take a pointer even for zero bytes, and treat NULL specially in
/// places. Nothing is ever read or written through it (the count is zero).
nonisolated(unsafe) private let emptyAddress = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16)

extension UnsafeRawBufferPointer {
    var cAddress: UnsafeRawPointer { baseAddress ?? UnsafeRawPointer(emptyAddress) }
}

extension UnsafeMutableRawBufferPointer {
    var cAddress: UnsafeMutableRawPointer { baseAddress ?? emptyAddress }
}
