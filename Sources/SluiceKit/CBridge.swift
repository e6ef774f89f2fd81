import CSluiceABI

// Small helpers for the C side of the protocol, kept in one place so that stage
// authors never touch a pointer.

/// Copies `message` into a caller-owned error buffer, NUL-terminated, truncated to
/// `capacity` without cutting a UTF-8 sequence in half.
func writeMessage(_ message: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
    guard let buffer, capacity > 0 else { return }
    var bytes = Array(message.utf8)
    if bytes.count > capacity - 1 {
        var end = capacity - 1
        // Step back over continuation bytes (10xxxxxx) so no character is split.
        while end > 0 && (bytes[end] & 0xC0) == 0x80 { end -= 1 }
        bytes.removeSubrange(end...)
    }
    bytes.withUnsafeBufferPointer { source in
        buffer.withMemoryRebound(to: UInt8.self, capacity: capacity) { target in
            if let base = source.baseAddress { target.update(from: base, count: source.count) }
            target[source.count] = 0
        }
    }
}

/// A string the plugin keeps for the life of the process (descriptor fields).
func permanentCString(_ string: String) -> UnsafePointer<CChar> {
    let bytes = Array(string.utf8CString)
    let storage = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    storage.initialize(from: bytes, count: bytes.count)
    return UnsafePointer(storage)
}

/// Reads a control struct that may have been compiled with fewer fields than ours:
/// copies `min(struct_size, our size)` bytes over zeros, so unknown fields read as absent.
func readSizedStruct<T>(_ pointer: UnsafeRawPointer, as type: T.Type, zero: T) -> T {
    let declared = Int(pointer.load(as: UInt32.self))
    var value = zero
    withUnsafeMutableBytes(of: &value) { target in
        target.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: min(declared, target.count)))
    }
    return value
}

/// A buffer for an error message coming back from the host.
struct ErrorBuffer {
    static let capacity = 1024
    var storage = [CChar](repeating: 0, count: ErrorBuffer.capacity)

    mutating func call(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> Int32 {
        storage.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
    }

    var message: String {
        storage.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Turns a status from the host into a thrown StageError carrying the host's message.
    func check(_ status: Int32, _ what: String) throws {
        guard status != 0 else { return }
        let code = Status(rawValue: status) ?? .failed
        let detail = message.isEmpty ? "status \(status)" : message
        throw StageError(code, "\(what): \(detail)")
    }
}
