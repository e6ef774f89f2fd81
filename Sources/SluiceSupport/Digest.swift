import Crypto

/// The digest of some bytes in the form artifacts are named by.
package func sha256Digest(_ bytes: UnsafeRawBufferPointer) -> String {
    sha256Text(SHA256.hash(data: bytes))
}

/// "sha256:" and the digest in lowercase hex. Not `String(format: "%02x")` per byte:
/// Foundation's formatting, 32 times per digest, was a tenth of a no-op rerun.
package func sha256Text(_ digest: some Sequence<UInt8>) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var text = Array("sha256:".utf8)
    text.reserveCapacity(7 + 64)
    for byte in digest {
        text.append(hex[Int(byte >> 4)])
        text.append(hex[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
}
