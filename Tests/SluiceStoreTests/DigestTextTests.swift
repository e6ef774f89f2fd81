import Foundation
@testable import SluiceStore
import SluiceSupport
import SluiceTestSupport
import Testing

/// Artifacts and fingerprints are named "sha256:" + 64 lowercase hex digits.
@Suite struct DigestTextTests {
    @Test func bytesAreNamedByTheirSHA256InLowercaseHex() {
        let digest = Array("abc".utf8).withUnsafeBytes { sha256Digest($0) }
        #expect(digest == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aFileHasTheDigestOfItsBytes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("empty", "")
        #expect(try FileHasher.hashFile(folder.file("empty")) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
