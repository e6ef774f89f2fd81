/// Memory the fake host lends to the plugin (input bytes, media types, artifacts),
/// kept until the call or the instance it belongs to ends, then freed at once. Not
/// thread-safe: the fake host uses it under its lock, a call on its one thread.
final class LentMemory {
    private var blocks: [UnsafeMutableRawPointer] = []

    /// A copy of `bytes`, valid until this object is freed.
    func bytes(_ bytes: [UInt8]) -> UnsafePointer<UInt8> {
        let block = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { block.copyMemory(from: base, byteCount: source.count) }
        }
        blocks.append(block)
        return UnsafePointer(block.assumingMemoryBound(to: UInt8.self))
    }

    /// A NUL-terminated copy of `text`, valid until this object is freed.
    func cString(_ text: String) -> UnsafePointer<CChar> {
        let bytes = Array(text.utf8CString)
        let block = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
        bytes.withUnsafeBytes { block.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        blocks.append(block)
        return UnsafePointer(block.assumingMemoryBound(to: CChar.self))
    }

    deinit {
        for block in blocks { block.deallocate() }
    }
}
