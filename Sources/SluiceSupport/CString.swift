/// Reads an optional C string.
package func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// Copies `message` into a caller-owned error buffer, NUL-terminated, truncated to
/// `capacity` without splitting a UTF-8 sequence.
package func writeMessage(_ message: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
    guard let buffer, capacity > 0 else { return }
    var bytes = Array(message.utf8)
    if bytes.count > capacity - 1 {
        var end = capacity - 1
        while end > 0 && (bytes[end] & 0xC0) == 0x80 { end -= 1 }
        bytes.removeSubrange(end...)
    }
    buffer.withMemoryRebound(to: UInt8.self, capacity: capacity) { target in
        for (index, byte) in bytes.enumerated() { target[index] = byte }
        target[bytes.count] = 0
    }
}

/// A C string that lives as long as the process (host tables that plugins may keep).
package func permanentCString(_ value: String) -> UnsafePointer<CChar> {
    let bytes = Array(value.utf8CString)
    let storage = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    storage.initialize(from: bytes, count: bytes.count)
    return UnsafePointer(storage)
}

/// Reads a control struct whose producer may have compiled it with fewer or more
/// fields than this host: copies `min(struct_size, our size)` bytes over zeros, so
/// fields the producer did not have read as absent and fields we do not know are ignored.
package func readSizedStruct<T>(_ pointer: UnsafeRawPointer, zero: T) -> (value: T, declaredSize: Int) {
    let declared = Int(pointer.load(as: UInt32.self))
    var value = zero
    withUnsafeMutableBytes(of: &value) { target in
        target.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: min(declared, target.count)))
    }
    return (value, declared)
}
