import SluiceProcess

/// This process's memory, as the create-destroy check measures it: resident memory,
/// which is what a leak costs a long-lived host. (The allocator's own count, mallinfo2,
/// would see untouched leaks too, but Swift's Glibc module does not import malloc.h.)
package enum MemoryGauge {
    /// Resident memory in bytes; nil where /proc is not mounted.
    package static func resident() -> Int? {
        residentMemory(of: "self")
    }
}
