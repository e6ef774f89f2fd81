import CSluiceABI
import SluiceKit

// The C conventions of the protocol, on the host side of the fake: error buffers,
// strings lent to the plugin, and structs that may be shorter than ours.

/// Copies `message` into a caller-owned buffer, NUL-terminated, truncated to `capacity`
/// without cutting a UTF-8 sequence in half.
func writeMessage(_ message: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
    guard let buffer, capacity > 0 else { return }
    var bytes = Array(message.utf8)
    if bytes.count > capacity - 1 {
        var end = capacity - 1
        // Step back over continuation bytes (10xxxxxx) so no character is split.
        while end > 0 && (bytes[end] & 0xC0) == 0x80 { end -= 1 }
        bytes.removeSubrange(end...)
    }
    buffer.withMemoryRebound(to: UInt8.self, capacity: capacity) { target in
        for (index, byte) in bytes.enumerated() { target[index] = byte }
        target[bytes.count] = 0
    }
}

/// A C string as Swift text; nil stays nil.
func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// Reads a control struct that may have been compiled with fewer fields than ours:
/// copies `min(struct_size, our size)` bytes over zeros, so unknown fields read as absent.
func readSized<T>(_ pointer: UnsafeRawPointer, as type: T.Type, zero: T) -> T {
    let declared = Int(pointer.load(as: UInt32.self))
    var value = zero
    withUnsafeMutableBytes(of: &value) { target in
        target.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: min(declared, target.count)))
    }
    return value
}

/// A caller-owned error buffer for one call into the plugin.
struct ErrorBuffer {
    static let capacity = 4096
    private var storage = [CChar](repeating: 0, count: ErrorBuffer.capacity)

    mutating func call(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> Int32 {
        storage.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
    }

    var message: String {
        storage.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

extension Status {
    /// The status for a raw code from the plugin; codes the header does not define read as `.failed`.
    init(code: Int32) {
        self = Status(rawValue: code) ?? .failed
    }
}
